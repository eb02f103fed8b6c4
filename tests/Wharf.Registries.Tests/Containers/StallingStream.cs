namespace Wharf.Registries.Tests.Containers;

/// <summary>Sends some bytes, then hangs as a client whose connection stalls; <see cref="Stalled"/> says when.</summary>
internal sealed class StallingStream(ReadOnlyMemory<byte> first) : Stream
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sent;

    public Task Stalled => _stalled.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sent < first.Length)
        {
            var count = Math.Min(buffer.Length, first.Length - _sent);
            first.Slice(_sent, count).CopyTo(buffer);
            _sent += count;
            return count;
        }

        _stalled.TrySetResult();
        await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken);
        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
