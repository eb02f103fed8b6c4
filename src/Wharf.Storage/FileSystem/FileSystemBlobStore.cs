using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Wharf.Core.Blobs;

namespace Wharf.Storage.FileSystem;

/// <summary>
/// Blobs as files under <c>{root}/blobs/sha256/ab/abcdef…</c>. Paths are made from validated digests only, never from
/// names a client sent. A write goes to a unique temporary file while being hashed, and is moved into place only
/// when the digest (and the promised length) check out.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 64 * 1024;
    private readonly string _blobRoot;
    private readonly string _tempRoot;

    public FileSystemBlobStore(string dataDirectory)
    {
        _blobRoot = Path.Combine(Path.GetFullPath(dataDirectory), "blobs", "sha256");
        _tempRoot = Path.Combine(Path.GetFullPath(dataDirectory), "tmp");
        Directory.CreateDirectory(_blobRoot);
        Directory.CreateDirectory(_tempRoot);
    }

    public async Task<BlobWriteResult> WriteAsync(Stream content, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        if (options.ExpectedLength > options.MaxLength)
        {
            return new BlobWriteResult(BlobWriteStatus.TooLarge, options.ExpectedLength.Value, "");
        }

        var tempPath = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));
        var committed = false;
        try
        {
            var copy = await CopyHashingAsync(content, tempPath, options, cancellationToken);
            if (copy.Status != BlobWriteStatus.Stored)
            {
                return copy;
            }

            if (options.ExpectedSha256 is { } expected && !string.Equals(expected, copy.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return copy with { Status = BlobWriteStatus.DigestMismatch };
            }

            var finalPath = PathOf(copy.Digest);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            try
            {
                File.Move(tempPath, finalPath, overwrite: false);
                committed = true;
            }
            catch (IOException) when (File.Exists(finalPath))
            {
                // Same bytes already stored (content addressing dedupes); the temporary copy is dropped below.
            }

            return copy;
        }
        finally
        {
            if (!committed)
            {
                File.Delete(tempPath);
            }
        }
    }

    public Task<bool> ExistsAsync(BlobDigest digest, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(digest)));

    public Task<Stream?> OpenReadAsync(BlobDigest digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public string? FindLocalPath(BlobDigest digest)
    {
        var path = PathOf(digest);
        return File.Exists(path) ? path : null;
    }

    public Task DeleteAsync(BlobDigest digest, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(digest));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobDigest> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(_blobRoot, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BlobDigest.TryParse(Path.GetFileName(file), out var digest))
            {
                yield return digest.Value;
            }
        }

        await Task.CompletedTask;
    }

    private string PathOf(BlobDigest digest) => Path.Combine(_blobRoot, digest.Hex[..2], digest.Hex);

    /// <summary>Copies through one pooled buffer, feeding the hashes in the same loop and counting bytes.</summary>
    private static async Task<BlobWriteResult> CopyHashingAsync(Stream content, string tempPath, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = options.ComputeSha1 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
        using var sha512 = options.ComputeSha512 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA512) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                length += read;
                if (length > options.MaxLength)
                {
                    return new BlobWriteResult(BlobWriteStatus.TooLarge, length, "");
                }

                if (options.ExpectedLength is { } expected && length > expected)
                {
                    return new BlobWriteResult(BlobWriteStatus.LengthMismatch, length, "");
                }

                sha256.AppendData(buffer, 0, read);
                sha1?.AppendData(buffer, 0, read);
                sha512?.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);

            // On disk before the rename: a crash must never leave a short file under a valid digest's name.
            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (options.ExpectedLength is { } promised && length != promised)
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
