using System.Buffers;
using System.Text;

namespace Wharf.Core.Archives;

/// <summary>
/// Reads a tar archive (v7, ustar, GNU and PAX headers) from a forward-only stream, such as a gzip stream, checking
/// every size a header declares against <see cref="ArchiveLimits"/> before reading or allocating for it. Extended
/// headers (PAX 'x' and 'g', GNU 'L' and 'K') are held in memory only up to a small bound; entry data is streamed
/// to the caller or read through a pooled buffer, never held. Anything malformed or over a limit throws
/// <see cref="ArchiveFormatException"/>.
/// </summary>
public sealed class BoundedTarReader : IDisposable
{
    private const int SkipBufferSize = 16 * 1024;

    private readonly Stream _archive;
    private readonly ArchiveLimits _limits;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[TarHeader.BlockSize];
    private byte[]? _skipBuffer;
    private long _consumed;
    private long _dataRemaining;
    private int _padding;
    private int _entries;
    private int _current;
    private bool _ended;
    private bool _disposed;

    public BoundedTarReader(Stream archive, ArchiveLimits limits, bool leaveOpen = false)
    {
        _archive = archive;
        _limits = limits;
        _leaveOpen = leaveOpen;
    }

    /// <summary>
    /// Moves to the next file or directory, reading through what is left of the current one. Links, devices and other
    /// entry types are skipped (they still count as entries). Null at the end of the archive.
    /// </summary>
    public async ValueTask<ArchiveEntry?> GetNextEntryAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!_ended)
        {
            await SkipRestAsync(cancellationToken);
            _current++;
            var entry = await ReadEntryHeaderAsync(cancellationToken);
            if (entry is not null)
            {
                return entry;
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_skipBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_skipBuffer);
            _skipBuffer = null;
        }

        if (!_leaveOpen)
        {
            _archive.Dispose();
        }
    }

    internal async ValueTask<int> ReadDataAsync(int entry, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = Wanted(entry, buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        return Consumed(await _archive.ReadAsync(buffer[..wanted], cancellationToken));
    }

    internal int ReadData(int entry, Span<byte> buffer)
    {
        var wanted = Wanted(entry, buffer.Length);
        return wanted == 0 ? 0 : Consumed(_archive.Read(buffer[..wanted]));
    }

    private int Wanted(int entry, int bufferLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return entry != _current
            ? throw new InvalidOperationException("The tar reader has moved past this entry; read an entry's data before the next one.")
            : (int)Math.Min(bufferLength, _dataRemaining);
    }

    private int Consumed(int read)
    {
        if (read == 0)
        {
            throw Truncated("inside an entry's data");
        }

        _dataRemaining -= read;
        _consumed += read;
        return read;
    }

    /// <summary>
    /// Reads the headers of one entry: any extended headers, then the entry's own. Null when the entry is of a type
    /// that is skipped, or when the archive ends.
    /// </summary>
    private async ValueTask<ArchiveEntry?> ReadEntryHeaderAsync(CancellationToken cancellationToken)
    {
        PaxAttributes? pax = null;
        string? longName = null;
        var sawLongName = false;
        var sawLongLink = false;
        while (true)
        {
            var offset = _consumed;
            if (!await ReadHeaderAsync(cancellationToken))
            {
                _ended = true;
                return pax is not null || sawLongName || sawLongLink
                    ? throw Truncated("after an extended header, without the entry it describes")
                    : null;
            }

            var type = (char)_header[TarHeader.TypeOffset];
            var size = TarHeader.Size(_header, offset);
            switch (type)
            {
                case 'x':
                    pax = pax is null
                        ? await ReadExtendedAsync(size, _limits.MaxExtendedHeaderBytes, "PAX extended header", ParsePax, cancellationToken)
                        : throw Twice("PAX extended header");
                    continue;
                case 'g':
                    // Validated and bounded, but not applied: a global path or size would give every entry the same
                    // one, which no writer does; git archive writes only a comment here.
                    CountEntry();
                    _ = await ReadExtendedAsync(size, _limits.MaxExtendedHeaderBytes, "PAX global header", ParsePax, cancellationToken);
                    continue;
                case 'L':
                    longName = !sawLongName
                        ? await ReadExtendedAsync(size, _limits.MaxNameLength + 1, "GNU long name entry", NameOrNull, cancellationToken)
                        : throw Twice("GNU long name entry");
                    sawLongName = true;
                    continue;
                case 'K':
                    _ = !sawLongLink
                        ? await ReadExtendedAsync(size, _limits.MaxNameLength + 1, "GNU long link entry", NameOrNull, cancellationToken)
                        : throw Twice("GNU long link entry");
                    sawLongLink = true;
                    continue;
                case 'S':
                    // A GNU sparse header may be followed by more sparse headers before its data: not worth reading.
                    throw new ArchiveFormatException($"The entry at byte {offset} is a GNU sparse file, which is not supported.");
            }

            CountEntry();
            var length = pax?.Size ?? size;
            if (length > _limits.MaxEntryBytes)
            {
                throw new ArchiveFormatException(
                    $"The entry at byte {offset} declares {length} bytes; at most {ArchiveSizes.Describe(_limits.MaxEntryBytes)} are accepted for one entry.");
            }

            Reserve(length);
            _dataRemaining = length;
            _padding = Padding(length);

            var name = pax?.Path ?? longName ?? TarHeader.Name(_header);
            if (name.Length == 0)
            {
                throw new ArchiveFormatException($"The entry at byte {offset} has no name.");
            }

            if (Encoding.UTF8.GetByteCount(name) > _limits.MaxNameLength)
            {
                throw new ArchiveFormatException($"The entry at byte {offset} has a name longer than {_limits.MaxNameLength} bytes.");
            }

            // '0', NUL (v7) and '7' (contiguous) are files, and v7 marks a directory with a trailing slash; '5' is a
            // directory. Links, devices, FIFOs and unknown types are skipped.
            ArchiveEntryType? entryType = type switch
            {
                '0' or '\0' or '7' => name.EndsWith('/') ? ArchiveEntryType.Directory : ArchiveEntryType.File,
                '5' => ArchiveEntryType.Directory,
                _ => null,
            };
            if (entryType is null)
            {
                return null;
            }

            var current = _current;
            return new ArchiveEntry(name, entryType.Value, length, () => new TarEntryStream(this, current));
        }
    }

    /// <summary>Reads the next 512-byte header; false at the end (end of stream, or a block of zeros).</summary>
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var offset = _consumed;
        Reserve(TarHeader.BlockSize);
        var read = await _archive.ReadAtLeastAsync(_header, TarHeader.BlockSize, throwOnEndOfStream: false, cancellationToken);
        _consumed += read;
        if (read == 0)
        {
            return false;
        }

        if (read < TarHeader.BlockSize)
        {
            throw Truncated("inside a header");
        }

        if (TarHeader.IsZero(_header))
        {
            return false;
        }

        return TarHeader.HasValidChecksum(_header)
            ? true
            : throw new ArchiveFormatException($"The header at byte {offset} has a bad checksum: the archive is damaged, or not a tar archive.");
    }

    /// <summary>
    /// Reads an extended header's data into a pooled buffer, refusing it before anything is read or allocated when it
    /// declares more than <paramref name="bound"/>: a header may claim gigabytes it does not carry.
    /// </summary>
    private async ValueTask<T> ReadExtendedAsync<T>(long size, int bound, string what, ExtendedParser<T> parse, CancellationToken cancellationToken)
    {
        if (size > bound)
        {
            throw new ArchiveFormatException($"A {what} declares {size} bytes; at most {ArchiveSizes.Describe(bound)} are accepted.");
        }

        var length = (int)size;
        Reserve(length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await ReadExactlyAsync(rented.AsMemory(0, length), cancellationToken);
            await ReadExactlyAsync(_header.AsMemory(0, Padding(length)), cancellationToken);
            return parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads through the current entry's unread data and padding, a pooled buffer at a time.</summary>
    private async ValueTask SkipRestAsync(CancellationToken cancellationToken)
    {
        while (_dataRemaining > 0)
        {
            _skipBuffer ??= ArrayPool<byte>.Shared.Rent(SkipBufferSize);
            var wanted = (int)Math.Min(_skipBuffer.Length, _dataRemaining);
            Consumed(await _archive.ReadAsync(_skipBuffer.AsMemory(0, wanted), cancellationToken));
        }

        await ReadExactlyAsync(_header.AsMemory(0, _padding), cancellationToken);
        _padding = 0;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _archive.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        _consumed += read;
        if (read < buffer.Length)
        {
            throw Truncated("inside an entry");
        }
    }

    private void CountEntry()
    {
        if (++_entries > _limits.MaxEntries)
        {
            throw new ArchiveFormatException($"The archive has more than {_limits.MaxEntries} entries.");
        }
    }

    /// <summary>
    /// Refuses before reading when <paramref name="length"/> bytes and their padding would take the archive past its
    /// unpacked cap. Written as a subtraction from the cap, which cannot overflow, whatever the length.
    /// </summary>
    private void Reserve(long length)
    {
        if (length > _limits.MaxUnpackedBytes - _consumed - Padding(length))
        {
            throw new ArchiveFormatException($"The archive unpacks to more than {ArchiveSizes.Describe(_limits.MaxUnpackedBytes)}.");
        }
    }

    private static int Padding(long length) => (int)((TarHeader.BlockSize - (length % TarHeader.BlockSize)) % TarHeader.BlockSize);

    private PaxAttributes ParsePax(ReadOnlySpan<byte> data) => PaxAttributes.Parse(data, _limits.MaxNameLength);

    private static string? NameOrNull(ReadOnlySpan<byte> data)
    {
        var name = TarHeader.Text(data);
        return name.Length == 0 ? null : name;
    }

    private static ArchiveFormatException Truncated(string where) => new($"The archive is truncated: it ends {where}.");

    private delegate T ExtendedParser<out T>(ReadOnlySpan<byte> data);

    private static ArchiveFormatException Twice(string what) => new($"The archive has two {what}s for one entry.");
}
