namespace Wharf.Core.Blobs;

/// <summary>
/// Content-addressed storage of package bytes by SHA-256, shared by every package type. Writes stream through a
/// temporary object and become visible only once the digest is known (and matches, when one was promised). The
/// contract hands out no file paths: whatever a caller needs (stat, ranged reads, enumeration) any store can offer.
/// </summary>
public interface IBlobStore
{
    /// <summary>Streams <paramref name="content"/> into the store while hashing it.</summary>
    Task<BlobWriteResult> WriteAsync(Stream content, BlobWriteOptions options, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(BlobDigest digest, CancellationToken cancellationToken);

    /// <summary>Opens the blob as a stream from its start, or null when absent.</summary>
    Task<Stream?> OpenReadAsync(BlobDigest digest, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reads at any offset (downloads, ranges), or null when absent.</summary>
    Task<IBlobContent?> OpenAsync(BlobDigest digest, CancellationToken cancellationToken);

    /// <summary>The blob's length and write time, or null when absent.</summary>
    Task<BlobStat?> StatAsync(BlobDigest digest, CancellationToken cancellationToken);

    Task DeleteAsync(BlobDigest digest, CancellationToken cancellationToken);

    /// <summary>Every stored digest, for garbage collection and fsck.</summary>
    IAsyncEnumerable<BlobDigest> ListAsync(CancellationToken cancellationToken);

    /// <summary>Unfinished writes, in progress or left by a killed process, for garbage collection and fsck.</summary>
    IAsyncEnumerable<TemporaryBlob> ListTemporaryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an unfinished write unless a byte was written to it after <paramref name="untouchedSince"/> (a write
    /// still running); true when it was deleted.
    /// </summary>
    Task<bool> DeleteTemporaryAsync(string name, DateTime untouchedSince, CancellationToken cancellationToken);
}
