namespace Wharf.Core.Blobs;

/// <summary>
/// One blob, open for reading: what a download needs from any store. Reads name their offset, so one open blob serves
/// a whole body or a range; a store reads them straight into the caller's buffer (from disk, or from one ranged
/// object stream that sequential reads continue).
/// </summary>
public interface IBlobContent : IAsyncDisposable
{
    long Length { get; }

    DateTime LastWrittenUtc { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes from <paramref name="offset"/>; 0 only at the end of the blob.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken);
}
