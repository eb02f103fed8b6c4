using Wharf.Core.Containers;

namespace Wharf.Storage.FileSystem;

/// <summary>Upload session bytes as files in <c>DATA/uploads</c>, named by session id.</summary>
public sealed class UploadArea : IUploadArea
{
    private readonly string _root;

    public UploadArea(string dataDirectory)
    {
        _root = Path.Combine(Path.GetFullPath(dataDirectory), "uploads");
        Directory.CreateDirectory(_root);
    }

    public Stream OpenAppend(string uploadId, long offset)
    {
        var stream = new FileStream(PathOf(uploadId), FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);

        // Bytes past the recorded offset belong to a chunk that failed half way; the next chunk overwrites them.
        stream.SetLength(Math.Min(stream.Length, offset));
        stream.Seek(offset, SeekOrigin.Begin);
        return stream;
    }

    public Stream? OpenRead(string uploadId)
    {
        var path = PathOf(uploadId);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan) : null;
    }

    public long Length(string uploadId)
    {
        var info = new FileInfo(PathOf(uploadId));
        return info.Exists ? info.Length : 0;
    }

    public void Delete(string uploadId) => File.Delete(PathOf(uploadId));

    public IEnumerable<string> List() => Directory.EnumerateFiles(_root).Select(Path.GetFileName).OfType<string>();

    private string PathOf(string uploadId)
    {
        // Ids come from URLs: only our own 32-hex form may become a path.
        if (uploadId.Length != 32 || !uploadId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not an upload id.", nameof(uploadId));
        }

        return Path.Combine(_root, uploadId);
    }
}
