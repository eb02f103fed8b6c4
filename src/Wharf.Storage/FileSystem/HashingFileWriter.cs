using System.Buffers;
using System.Security.Cryptography;
using Wharf.Core.Blobs;

namespace Wharf.Storage.FileSystem;

/// <summary>
/// Copies a body into a new file while hashing it, with the three costs of a large push overlapped rather than in
/// turn: while one buffer is written to the file (on the thread pool), the next is read from the socket and hashed;
/// and every <see cref="WritebackStep"/> bytes a flush to disk starts in the background, so the fsync that must come
/// before the rename only waits for the tail instead of the whole blob.
/// </summary>
internal static class HashingFileWriter
{
    private const int BufferSize = 1024 * 1024;
    private const long WritebackStep = 32L * 1024 * 1024;

    public static async Task<BlobWriteResult> CopyAsync(Stream content, string path, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = options.ComputeSha1 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
        using var sha512 = options.ComputeSha512 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA512) : null;
        var buffers = new[] { ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize) };
        var pendingWrite = Task.CompletedTask;
        var writeback = Task.CompletedTask;
        long length = 0, writebackFrom = 0;
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
        try
        {
            for (var current = 0; ; current ^= 1)
            {
                var buffer = buffers[current];
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (length + read > options.MaxLength)
                {
                    return new BlobWriteResult(BlobWriteStatus.TooLarge, length + read, "");
                }

                if (options.ExpectedLength is { } promised && length + read > promised)
                {
                    return new BlobWriteResult(BlobWriteStatus.LengthMismatch, length + read, "");
                }

                sha256.AppendData(buffer, 0, read);
                sha1?.AppendData(buffer, 0, read);
                sha512?.AppendData(buffer, 0, read);

                // The other buffer's write must be done before that buffer is read into again (next turn).
                await pendingWrite;
                pendingWrite = RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), length, cancellationToken).AsTask();
                length += read;
                if (length - writebackFrom >= WritebackStep && writeback.IsCompleted)
                {
                    await writeback;
                    writebackFrom = length;
                    writeback = Task.Run(() => RandomAccess.FlushToDisk(file), CancellationToken.None);
                }
            }

            await pendingWrite;
            await writeback;

            // On disk before the rename: a crash must never leave a short file under a valid digest's name.
            RandomAccess.FlushToDisk(file);
        }
        finally
        {
            // Nothing may still be writing from a buffer once it is back in the pool, nor to a file about to be deleted.
            await Task.WhenAll(pendingWrite, writeback).ContinueWith(_ => { }, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }

        if (options.ExpectedLength is { } expectedLength && length != expectedLength)
        {
            return new BlobWriteResult(BlobWriteStatus.LengthMismatch, length, "");
        }

        return new BlobWriteResult(
            BlobWriteStatus.Stored,
            length,
            Convert.ToHexStringLower(sha256.GetHashAndReset()),
            sha1 is null ? null : Convert.ToHexStringLower(sha1.GetHashAndReset()),
            sha512 is null ? null : Convert.ToHexStringLower(sha512.GetHashAndReset()));
    }
}
