using Wharf.Core.Containers;
using Wharf.Core.Packages;

namespace Wharf.Core.Metadata;

/// <summary>What the container registry keeps besides packages and versions: upload sessions, blob links, tags.</summary>
public interface IContainerStore
{
    Task AddUploadAsync(ContainerUpload upload, CancellationToken cancellationToken);

    Task<ContainerUpload?> FindUploadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the session for one request when it is at <paramref name="offset"/> and unclaimed, or its claim was last
    /// renewed before <paramref name="staleBefore"/>; false when another request holds it or moved it on.
    /// </summary>
    Task<bool> TryClaimUploadAsync(string id, long offset, string claimId, string holder, DateTime now, DateTime staleBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Takes over the claim <paramref name="heldClaimId"/> (its process no longer runs) when the session is still at
    /// <paramref name="offset"/> under it; false when anything changed meanwhile.
    /// </summary>
    Task<bool> TryTakeOverUploadClaimAsync(string id, long offset, string heldClaimId, string claimId, string holder, DateTime now, CancellationToken cancellationToken);

    /// <summary>Keeps a claim alive; false when it was taken over or the session is gone.</summary>
    Task<bool> RenewUploadClaimAsync(string id, string claimId, DateTime now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a claim with progress: the new offset and where the bytes are (<paramref name="digest"/>: in the blob store;
    /// null: in the upload file). False when the claim was taken over.
    /// </summary>
    Task<bool> TryAdvanceUploadAsync(string id, string claimId, long newOffset, string? digest, DateTime now, CancellationToken cancellationToken);

    /// <summary>Ends a claim without progress.</summary>
    Task ReleaseUploadClaimAsync(string id, string claimId, CancellationToken cancellationToken);

    /// <summary>Deletes a finished session while still holding its claim; false when the claim was taken over.</summary>
    Task<bool> TryDeleteClaimedUploadAsync(string id, string claimId, CancellationToken cancellationToken);

    Task DeleteUploadAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContainerUpload>> ListUploadsUpdatedBeforeAsync(DateTime before, CancellationToken cancellationToken);

    Task<IReadOnlySet<string>> ListUploadIdsAsync(CancellationToken cancellationToken);

    /// <summary>Digests of blobs that live upload sessions hold as their bytes so far.</summary>
    Task<IReadOnlySet<string>> ListUploadDigestsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="userId"/> uploaded or mounted the blob into the image; linking again refreshes the
    /// link's time (what keeps a fresh blob from garbage collection).
    /// </summary>
    Task LinkBlobAsync(long ownerId, string repository, string digest, long size, long userId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Refreshes the time of the image's links to the blob, whoever made them.</summary>
    Task TouchBlobLinksAsync(long ownerId, string repository, string digest, DateTime now, CancellationToken cancellationToken);

    /// <summary>A link of the blob to the image: <paramref name="userId"/>'s own, or anyone's when null.</summary>
    Task<ContainerBlobLink?> FindBlobLinkAsync(long ownerId, string repository, string digest, long? userId, CancellationToken cancellationToken);

    /// <summary>
    /// Of <paramref name="digests"/>, those linked to the image (by <paramref name="userId"/>, or anyone when null), with
    /// their sizes; one query however many a manifest names.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> FindBlobLinksAsync(
        long ownerId, string repository, IReadOnlyCollection<string> digests, long? userId, CancellationToken cancellationToken);

    /// <summary>The active version holding the tag, or null.</summary>
    Task<PackageVersion?> FindVersionByTagAsync(long packageId, string tag, CancellationToken cancellationToken);

    /// <summary>Points the tag at the version, taking it from whichever version held it.</summary>
    Task MoveTagAsync(long packageId, long versionId, string tag, DateTime now, CancellationToken cancellationToken);

    Task<bool> RemoveTagAsync(long packageId, string tag, CancellationToken cancellationToken);

    /// <summary>Tags in lexical order after <paramref name="last"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(long packageId, string? last, int limit, CancellationToken cancellationToken);

    /// <summary>Active versions whose metadata names <paramref name="subjectDigest"/> as subject.</summary>
    Task<IReadOnlyList<PackageVersion>> ListReferrersAsync(long packageId, string subjectDigest, CancellationToken cancellationToken);

    /// <summary>
    /// Owner login and package name of the active packages of <paramref name="type"/> (container, or the legacy docker
    /// registry's <c>REPOSITORY/IMAGE</c>), by owner login then name.
    /// </summary>
    Task<IReadOnlyList<(string Owner, long OwnerId, string Name)>> ListImagesAsync(PackageType type, CancellationToken cancellationToken);

    /// <summary>Digests that some package file (of any version not yet purged) references.</summary>
    Task<bool> IsReferencedAsync(string digest, CancellationToken cancellationToken);

    /// <summary>The newest blob link time of a digest, or null when none.</summary>
    Task<DateTime?> LatestLinkAsync(string digest, CancellationToken cancellationToken);

    Task DeleteLinksAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Blob links of every image, with their owner's login.</summary>
    Task<IReadOnlyList<BlobLinkReference>> ListBlobLinkReferencesAsync(BlobReferenceQuery query, CancellationToken cancellationToken);

    /// <summary>Upload sessions whose bytes so far went straight into the blob store (those holding a digest).</summary>
    Task<IReadOnlyList<UploadBlobReference>> ListUploadBlobReferencesAsync(CancellationToken cancellationToken);

    /// <summary>Active packages of a type, oldest first (for the Docker migration).</summary>
    Task<IReadOnlyList<Package>> ListActivePackagesAsync(PackageType type, CancellationToken cancellationToken);

    /// <summary>
    /// Turns a docker package into a container package that inherits its repository's access; false (and the
    /// package flagged as a migration conflict) when an active container package of that name exists.
    /// </summary>
    Task<bool> TryMoveToContainerAsync(long packageId, DateTime now, CancellationToken cancellationToken);
}
