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

    public Task<IBlobContent?> OpenAsync(BlobDigest digest, CancellationToken cancellationToken)
    {
        try
        {
            // Shared for delete: garbage collection may remove the name while a download still reads the bytes.
            var handle = File.OpenHandle(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
            return Task.FromResult<IBlobContent?>(new FileBlobContent(handle));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<IBlobContent?>(null);
        }
    }

    public Task<BlobStat?> StatAsync(BlobDigest digest, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(digest));
        try
        {
            return Task.FromResult<BlobStat?>(file.Exists ? new BlobStat(file.Length, file.LastWriteTimeUtc) : null);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the look and the read of its length.
            return Task.FromResult<BlobStat?>(null);
        }
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

    public async IAsyncEnumerable<TemporaryBlob> ListTemporaryAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(_tempRoot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (!IsTemporaryName(file.Name))
            {
                continue;
            }

            TemporaryBlob temporary;
            try
            {
                temporary = new TemporaryBlob(file.Name, file.Length, file.LastWriteTimeUtc);
            }
            catch (FileNotFoundException)
            {
                // Its write finished (moved into place) or failed (deleted) since the listing.
                continue;
            }

            yield return temporary;
        }

        await Task.CompletedTask;
    }

    public Task<bool> DeleteTemporaryAsync(string name, DateTime untouchedSince, CancellationToken cancellationToken)
    {
        if (!IsTemporaryName(name))
        {
            throw new ArgumentException("Not the name of a temporary blob.", nameof(name));
        }

        // Read the time again right before deleting: a write that was only slow has written since it was listed.
        var path = Path.Combine(_tempRoot, name);
        var file = new FileInfo(path);
        if (!file.Exists || file.LastWriteTimeUtc > untouchedSince)
        {
            return Task.FromResult(false);
        }

        try
        {
            // A write holds its file open without sharing (an exclusive lock on Unix) until it ends, so one still open
            // is still running, however long its client has kept it waiting for the next buffer's worth; a killed
            // process's lock went with it. Taking the same lock makes the check and the delete one step.
            using var held = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            return Task.FromResult(true);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(false);
        }
        catch (IOException)
        {
            // In use by a write that has not ended.
            return Task.FromResult(false);
        }
    }

    /// <summary>Only the names <see cref="WriteAsync"/> gives (32 lower-case hex digits) are ours to list and delete.</summary>
    private static bool IsTemporaryName(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    private string PathOf(BlobDigest digest) => Path.Combine(_blobRoot, digest.Hex[..2], digest.Hex);
}
