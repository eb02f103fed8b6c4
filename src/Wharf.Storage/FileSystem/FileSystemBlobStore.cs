using System.Runtime.CompilerServices;
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
            var copy = await HashingFileWriter.CopyAsync(content, tempPath, options, cancellationToken);
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

            return copy with { Created = committed };
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
}
