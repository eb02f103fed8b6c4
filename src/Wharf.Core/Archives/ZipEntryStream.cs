using System.IO.Compression;
using System.IO.Hashing;

namespace Wharf.Core.Archives;

/// <summary>
/// A zip entry's data, held to the size its central directory declares: the limits were checked against that size, so
/// a header that lies cannot make the reader unpack more. Never asks the decompressor for more than one byte past the
/// declared size, and fails on more or fewer bytes, on damaged compressed data, and on a CRC-32 that does not match
/// (the deflate decoder stops quietly at the declared size, so a header declaring less shows only there).
/// </summary>
internal sealed class ZipEntryStream : Stream
{
    private readonly Stream _inner;
    private readonly string _name;
    private readonly long _declared;
    private readonly uint _expectedCrc;
    private readonly Crc32 _crc = new();
    private long _read;

    private ZipEntryStream(Stream inner, string name, long declared, uint expectedCrc)
    {
        _inner = inner;
        _name = name;
        _declared = declared;
        _expectedCrc = expectedCrc;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _declared;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public static ZipEntryStream Open(ZipArchiveEntry entry, string name)
    {
        try
        {
            return new ZipEntryStream(entry.Open(), name, entry.Length, entry.Crc32);
        }
        catch (InvalidDataException ex)
        {
            throw new ArchiveFormatException($"The entry {ArchiveFormatException.Quote(name)} cannot be opened: {ex.Message}", ex);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = _inner.Read(buffer[..Wanted(buffer.Length)]);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        return Counted(buffer[..read]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = await _inner.ReadAsync(buffer[..Wanted(buffer.Length)], cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        return Counted(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>What is left of the declared size, plus one byte to see whether the data goes on past it.</summary>
    private int Wanted(int bufferLength) => (int)Math.Min(bufferLength, _declared - _read + 1);

    private int Counted(ReadOnlySpan<byte> read)
    {
        _read += read.Length;
        if (_read > _declared)
        {
            throw new ArchiveFormatException(
                $"The entry {ArchiveFormatException.Quote(_name)} unpacks to more than the {_declared} bytes its header declares.");
        }

        _crc.Append(read);
        if (read.IsEmpty && _read < _declared)
        {
            throw new ArchiveFormatException(
                $"The entry {ArchiveFormatException.Quote(_name)} unpacks to {_read} bytes, but its header declares {_declared}.");
        }

        if (read.IsEmpty && _crc.GetCurrentHashAsUInt32() != _expectedCrc)
        {
            throw new ArchiveFormatException(
                $"The entry {ArchiveFormatException.Quote(_name)} does not match its CRC-32: the archive is damaged, or its header lies.");
        }

        return read.Length;
    }

    private ArchiveFormatException Damaged(InvalidDataException ex) =>
        new($"The entry {ArchiveFormatException.Quote(_name)} is damaged: {ex.Message}", ex);
}
