using Wharf.Core.Packages;

namespace Wharf.Core.Metadata;

/// <summary>
/// One page of blob references in id order: those after <paramref name="AfterId"/>, at most <paramref name="Limit"/>,
/// only those of <paramref name="Digest"/> when given (for <c>wharf fsck</c>).
/// </summary>
public sealed record BlobReferenceQuery(long AfterId, int Limit, string? Digest = null);

/// <summary>
/// A package file with the names that identify it to an operator. <paramref name="Deleted"/>: its version or package is
/// soft-deleted (restorable until purged, so its blob must stay).
/// </summary>
public sealed record PackageFileReference(
    long Id, string Owner, PackageType Type, string Package, string Version, string File, string Sha256, long Size, bool Deleted);

/// <summary>An image's link to a blob (see <see cref="Containers.ContainerBlobLink"/>), with the owner's login.</summary>
public sealed record BlobLinkReference(long Id, string Owner, long OwnerId, string Repository, string Digest);

/// <summary>An upload session whose bytes so far are a blob in the store, with the owner's login.</summary>
public sealed record UploadBlobReference(string Id, string Owner, string Repository, string Digest);
