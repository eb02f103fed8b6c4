namespace Wharf.Core.Blobs;

public enum BlobWriteStatus
{
    Stored = 0,
    DigestMismatch = 1,
    LengthMismatch = 2,
    TooLarge = 3,
}

/// <summary>The outcome of a blob write; hashes are lower-case hex.</summary>
public sealed record BlobWriteResult(BlobWriteStatus Status, long Length, string Sha256, string? Sha1 = null, string? Sha512 = null)
{
    /// <summary>
    /// This write put the bytes into the store; false when the same bytes were there already (content addressing) or the
    /// store cannot tell. Only a blob its own write created may be given back (<see cref="BlobReclaimer"/>).
    /// </summary>
    public bool Created { get; init; }

    public bool Succeeded => Status == BlobWriteStatus.Stored;

    public BlobDigest Digest => BlobDigest.Parse(Sha256);
}
