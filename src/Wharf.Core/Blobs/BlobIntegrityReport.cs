using Wharf.Core.Metadata;

namespace Wharf.Core.Blobs;

public enum BlobProblemKind
{
    /// <summary>Metadata references a blob the store does not have.</summary>
    Missing = 0,

    /// <summary>The blob's length is not the size recorded for the package file.</summary>
    WrongSize = 1,

    /// <summary>The blob's content does not hash to its name (only found with digest verification).</summary>
    Corrupt = 2,
}

/// <summary>
/// One way metadata and blobs disagree, with what references the blob: for a missing or wrong-size blob the one
/// reference that was checked; for a corrupt blob everything that references it (possibly nothing).
/// </summary>
/// <param name="Digest">The blob's name: lower-case hex SHA-256, as metadata records it.</param>
/// <param name="RecordedSize">The package file's recorded size (wrong size).</param>
/// <param name="ActualSize">The blob's length in the store (wrong size).</param>
/// <param name="ActualDigest">What the content hashes to (corrupt).</param>
public sealed record BlobProblem(
    BlobProblemKind Kind,
    string Digest,
    IReadOnlyList<PackageFileReference> Files,
    IReadOnlyList<BlobLinkReference> Links,
    IReadOnlyList<UploadBlobReference> Uploads,
    long? RecordedSize = null,
    long? ActualSize = null,
    string? ActualDigest = null);

/// <summary>What one <c>wharf fsck</c> run checked and found.</summary>
/// <param name="FilesChecked">Package files (of every version not yet purged) whose blob was looked up.</param>
/// <param name="LinksChecked">Image blob links whose blob was looked up.</param>
/// <param name="UploadsChecked">Upload sessions holding a blob, whose blob was looked up.</param>
/// <param name="BlobsChecked">Blobs in the store.</param>
/// <param name="BlobsVerified">Blobs re-hashed (digest verification only).</param>
/// <param name="UnreferencedBlobs">Blobs no package file or upload session holds: not a problem, <c>wharf gc</c> reclaims them.</param>
/// <param name="TemporaryBlobs">
/// Unfinished blob writes: in progress, or left by a killed process. Not a problem either: they never became blobs and
/// nothing references them; <c>wharf gc</c> removes those untouched for its grace period.
/// </param>
/// <param name="TemporaryBytes">Their bytes.</param>
public sealed record BlobIntegrityReport(
    int FilesChecked,
    int LinksChecked,
    int UploadsChecked,
    int BlobsChecked,
    int BlobsVerified,
    int UnreferencedBlobs,
    IReadOnlyList<BlobProblem> Problems,
    int TemporaryBlobs,
    long TemporaryBytes)
{
    public bool Healthy => Problems.Count == 0;
}
