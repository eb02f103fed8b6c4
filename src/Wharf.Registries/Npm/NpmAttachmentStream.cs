using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Wharf.Registries.Npm;

/// <summary>
/// The decoded bytes of one attachment's base64 data, read straight from the request as they arrive, with SHA-1 and
/// SHA-512 computed in the same pass. Anything but base64 (and the <c>\/</c>, <c>\n</c>, <c>\r</c> escapes a wrapped
/// encoder may write) fails the read, and with it the blob write it feeds: nothing is stored.
/// </summary>
public sealed class NpmAttachmentStream : Stream
{
    private const int PendingSize = 64 * 1024;
    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private readonly NpmDocumentReader _reader;
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(PendingSize);
    private byte[] _decoded = ArrayPool<byte>.Shared.Rent(PendingSize / 4 * 3);
    private int _pendingCount;
    private int _decodedStart;
    private int _decodedEnd;
    private bool _closed;
    private bool _finished;
    private long _length;

    internal NpmAttachmentStream(NpmDocumentReader reader) => _reader = reader;

    /// <summary>
    /// Called once the last byte is decoded and before the end is reported to the reader of this stream; throwing there
    /// fails the copy (a blob write then stores nothing). Set it when the expected digests are already known.
    /// </summary>
    public Action<NpmAttachmentStream>? Verify { get; set; }

    /// <summary>Lower-case hex SHA-1, once the data has been read to its end.</summary>
    public string? Sha1 { get; private set; }

    /// <summary>Lower-case hex SHA-512, once the data has been read to its end.</summary>
    public string? Sha512 { get; private set; }

    /// <summary>Decoded bytes so far.</summary>
    public long DecodedLength => _length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_decodedStart < _decodedEnd)
            {
                var count = Math.Min(buffer.Length, _decodedEnd - _decodedStart);
                _decoded.AsMemory(_decodedStart, count).CopyTo(buffer);
                _decodedStart += count;
                return count;
            }

            if (_finished)
            {
                return 0;
            }

            if (!_closed)
            {
                await PullAsync(cancellationToken);
            }

            Decode();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Request bodies are read asynchronously only.</summary>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the attachment asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads to the end of the data without keeping it, so the reader can go on to the next member.</summary>
    internal async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        var sink = ArrayPool<byte>.Shared.Rent(PendingSize);
        try
        {
            while (await ReadAsync(sink.AsMemory(), cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sink);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha1.Dispose();
            _sha512.Dispose();
            if (_pending.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_pending);
                ArrayPool<byte>.Shared.Return(_decoded);
                _pending = [];
                _decoded = [];
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Moves base64 characters from the request into the pending buffer, up to the closing quote.</summary>
    private async ValueTask PullAsync(CancellationToken cancellationToken)
    {
        while (!_closed && _pendingCount < PendingSize)
        {
            var span = _reader.Buffered;
            if (span.IsEmpty)
            {
                if (!await _reader.FillAsync(cancellationToken))
                {
                    throw new NpmDocumentException("The document ended inside an attachment's data.");
                }

                continue;
            }

            var stop = span.IndexOfAny((byte)'"', (byte)'\\');
            var run = stop < 0 ? span.Length : stop;
            var take = Math.Min(run, PendingSize - _pendingCount);
            var chunk = span[..take];
            if (chunk.IndexOfAnyExcept(Alphabet) >= 0)
            {
                throw InvalidBase64();
            }

            chunk.CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            _reader.Advance(take);
            if (take < run || stop < 0)
            {
                continue;
            }

            if (span[stop] == '"')
            {
                _reader.Advance(1);
                _closed = true;
                return;
            }

            await EscapeAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Reads the escape at the reader's position: <c>\/</c>, and <c>\u00XX</c> for a base64 character (encoders that
    /// escape '+' write <c>\u002B</c>) are kept; <c>\n</c> and <c>\r</c> from line-wrapping encoders are dropped.
    /// Left for the next pull when the pending buffer has no room for it yet.
    /// </summary>
    private async ValueTask EscapeAsync(CancellationToken cancellationToken)
    {
        if (_pendingCount >= PendingSize)
        {
            return;
        }

        while (_reader.Buffered.Length < 2 || (_reader.Buffered[1] == 'u' && _reader.Buffered.Length < 6))
        {
            if (!await _reader.FillAsync(cancellationToken))
            {
                throw new NpmDocumentException("The document ended inside an attachment's data.");
            }
        }

        var escape = _reader.Buffered;
        switch (escape[1])
        {
            case (byte)'/':
                _pending[_pendingCount++] = (byte)'/';
                _reader.Advance(2);
                break;
            case (byte)'n' or (byte)'r':
                _reader.Advance(2);
                break;
            case (byte)'u' when Utf8Parser.TryParse(escape.Slice(2, 4), out ushort code, out var used, 'x') && used == 4 &&
                code < 0x80 && Alphabet.Contains((byte)code):
                _pending[_pendingCount++] = (byte)code;
                _reader.Advance(6);
                break;
            default:
                throw InvalidBase64();
        }
    }

    /// <summary>
    /// Decodes the pending characters that are certainly not the last quadruple: only the last may carry '=' padding,
    /// so it waits for the closing quote.
    /// </summary>
    private void Decode()
    {
        var final = _closed;
        var usable = final ? _pendingCount : _pendingCount - (_pendingCount % 4) - 4;
        if (usable <= 0 && !final)
        {
            return;
        }

        var status = Base64.DecodeFromUtf8(_pending.AsSpan(0, Math.Max(usable, 0)), _decoded, out var consumed, out var written, isFinalBlock: final);
        if (status == OperationStatus.InvalidData || (final && status == OperationStatus.NeedMoreData))
        {
            throw InvalidBase64();
        }

        _sha1.AppendData(_decoded, 0, written);
        _sha512.AppendData(_decoded, 0, written);
        _length += written;
        _decodedStart = 0;
        _decodedEnd = written;
        Buffer.BlockCopy(_pending, consumed, _pending, 0, _pendingCount - consumed);
        _pendingCount -= consumed;
        if (final && _pendingCount == 0)
        {
            _finished = true;
            Sha1 = Convert.ToHexStringLower(_sha1.GetHashAndReset());
            Sha512 = Convert.ToHexStringLower(_sha512.GetHashAndReset());
            Verify?.Invoke(this);
        }
    }

    private static NpmDocumentException InvalidBase64() =>
        new("The tarball in _attachments is not valid base64.");
}
