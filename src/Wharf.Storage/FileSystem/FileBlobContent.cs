using Microsoft.Win32.SafeHandles;
using Wharf.Core.Blobs;

namespace Wharf.Storage.FileSystem;

/// <summary>A blob file open for positioned reads: each read goes from the file straight into the caller's buffer.</summary>
internal sealed class FileBlobContent(SafeFileHandle handle) : IBlobContent
{
    public long Length { get; } = RandomAccess.GetLength(handle);

    public DateTime LastWrittenUtc => File.GetLastWriteTimeUtc(handle);

    public ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken);

    public ValueTask DisposeAsync()
    {
        handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
