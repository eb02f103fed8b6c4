using System.Net;

namespace Wharf.Registries.Tests.Containers;

/// <summary>A chunk that sends its first bytes, then waits to be released before sending the rest.</summary>
internal sealed class SlowChunk : HttpContent
{
    private readonly byte[] _all;
    private readonly int _offset;
    private readonly int _length;

    public SlowChunk(byte[] all, int offset, int length)
    {
        (_all, _offset, _length) = (all, offset, length);
        Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
    }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_all.AsMemory(_offset, 100));
        await stream.FlushAsync();
        Started.TrySetResult();
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stream.WriteAsync(_all.AsMemory(_offset + 100, _length - 100));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
