using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>
/// Reads npm's publish document (CouchDB JSON whose <c>_attachments</c> carry base64 tarballs) from a stream without
/// holding it whole. Every member but an attachment's data is read as a small JSON value, together at most
/// <c>manifestLimit</c> bytes; an attachment's data is handed out as a stream that decodes the base64 as the bytes
/// arrive. Either member order works: npm sends <c>_attachments</c> last, yarn first.
/// </summary>
public sealed class NpmDocumentReader : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MaxKeyBytes = 1024;
    private const int TopLevel = 0;
    private const int AttachmentsLevel = 1;
    private const int AttachmentLevel = 2;

    private readonly Stream _body;
    private readonly long _manifestLimit;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private bool _eof;
    private long _manifestBytes;
    private State _state = State.Start;

    // Per object level (top, _attachments, one attachment): whether a member was read, so a ',' must come next.
    private readonly bool[] _separator = new bool[3];
    private NpmAttachmentStream? _data;

    public NpmDocumentReader(Stream body, long manifestLimit)
    {
        _body = body;
        _manifestLimit = manifestLimit;
    }

    private enum State
    {
        Start,
        Top,
        Attachments,
        Attachment,
        Data,
        Done,
    }

    /// <summary>The member just read: a top-level name, or a member of the current attachment.</summary>
    public string? PropertyName { get; private set; }

    /// <summary>The key of the attachment being read (npm's is <c>@scope/name-1.0.0.tgz</c>).</summary>
    public string? AttachmentName { get; private set; }

    /// <summary>The value of the member just read (null for JSON null).</summary>
    public JsonNode? Value { get; private set; }

    /// <summary>Moves to the next part. Throws <see cref="NpmDocumentException"/> on anything that is not such a document.</summary>
    public async ValueTask<NpmDocumentPart> ReadAsync(CancellationToken cancellationToken)
    {
        if (_state == State.Data)
        {
            await _data!.DrainAsync(cancellationToken);
            _data.Dispose();
            _data = null;
            _state = State.Attachment;
        }

        Value = null;
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                    await ExpectAsync((byte)'{', cancellationToken);
                    _state = State.Top;
                    break;

                case State.Top:
                    if (!await NextMemberAsync(TopLevel, cancellationToken))
                    {
                        await ExpectEndAsync(cancellationToken);
                        _state = State.Done;
                        return NpmDocumentPart.End;
                    }

                    PropertyName = await ReadKeyAsync(cancellationToken);
                    if (PropertyName == "_attachments")
                    {
                        await ExpectAsync((byte)'{', cancellationToken);
                        _separator[AttachmentsLevel] = false;
                        _state = State.Attachments;
                        break;
                    }

                    Value = await ReadValueAsync(cancellationToken);
                    return NpmDocumentPart.Property;

                case State.Attachments:
                    if (!await NextMemberAsync(AttachmentsLevel, cancellationToken))
                    {
                        _state = State.Top;
                        break;
                    }

                    AttachmentName = await ReadKeyAsync(cancellationToken);
                    await ExpectAsync((byte)'{', cancellationToken);
                    _separator[AttachmentLevel] = false;
                    _state = State.Attachment;
                    break;

                case State.Attachment:
                    if (!await NextMemberAsync(AttachmentLevel, cancellationToken))
                    {
                        _state = State.Attachments;
                        break;
                    }

                    PropertyName = await ReadKeyAsync(cancellationToken);
                    if (PropertyName == "data" && await PeekAsync(cancellationToken) == '"')
                    {
                        Advance(1);
                        _data = new NpmAttachmentStream(this);
                        _state = State.Data;
                        return NpmDocumentPart.AttachmentData;
                    }

                    Value = await ReadValueAsync(cancellationToken);
                    return NpmDocumentPart.AttachmentProperty;

                default:
                    return NpmDocumentPart.End;
            }
        }
    }

    /// <summary>The decoded bytes of the current attachment; valid until the next <see cref="ReadAsync"/>.</summary>
    public NpmAttachmentStream OpenAttachmentData() =>
        _state == State.Data ? _data! : throw new InvalidOperationException("The reader is not at an attachment's data.");

    public void Dispose()
    {
        _data?.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>The bytes read from the body and not yet consumed.</summary>
    internal ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    internal void Advance(int count) => _start += count;

    /// <summary>Reads more of the body behind what is buffered; false at its end.</summary>
    internal async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _body.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>At a member or at the end of the current object: true when a member follows (its separator consumed).</summary>
    private async ValueTask<bool> NextMemberAsync(int level, CancellationToken cancellationToken)
    {
        var next = await PeekAsync(cancellationToken);
        if (next == '}')
        {
            Advance(1);
            return false;
        }

        if (_separator[level])
        {
            if (next != ',')
            {
                throw new NpmDocumentException("The document is not valid JSON: expected ',' or '}' between members.");
            }

            Advance(1);
        }

        _separator[level] = true;
        return true;
    }

    /// <summary>The next byte that is not white space, without consuming it.</summary>
    private async ValueTask<byte> PeekAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = Buffered;
            var skip = span.IndexOfAnyExcept(" \t\r\n"u8);
            if (skip >= 0)
            {
                Advance(skip);
                return span[skip];
            }

            Advance(span.Length);
            if (!await FillAsync(cancellationToken))
            {
                throw new NpmDocumentException("The document ended early.");
            }
        }
    }

    private async ValueTask ExpectAsync(byte expected, CancellationToken cancellationToken)
    {
        if (await PeekAsync(cancellationToken) != expected)
        {
            throw new NpmDocumentException($"The document is not valid JSON: expected '{(char)expected}'.");
        }

        Advance(1);
    }

    private async ValueTask ExpectEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Buffered.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                throw new NpmDocumentException("The document has content after its end.");
            }

            Advance(Buffered.Length);
            if (!await FillAsync(cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>A member name and the colon after it.</summary>
    private async ValueTask<string> ReadKeyAsync(CancellationToken cancellationToken)
    {
        if (await PeekAsync(cancellationToken) != '"')
        {
            throw new NpmDocumentException("The document is not valid JSON: expected a member name.");
        }

        var raw = await CaptureAsync(MaxKeyBytes, cancellationToken);
        await ExpectAsync((byte)':', cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<string>(raw.WrittenSpan)!;
        }
        catch (JsonException ex)
        {
            throw new NpmDocumentException("The document is not valid JSON: a member name is malformed.", ex);
        }
    }

    private async ValueTask<JsonNode?> ReadValueAsync(CancellationToken cancellationToken)
    {
        await PeekAsync(cancellationToken);
        var raw = await CaptureAsync(_manifestLimit - _manifestBytes, cancellationToken);
        try
        {
            return JsonNode.Parse(raw.WrittenSpan);
        }
        catch (JsonException ex)
        {
            throw new NpmDocumentException($"The document is not valid JSON at \"{PropertyName}\": {ex.Message}", ex);
        }
    }

    /// <summary>Copies one JSON value's bytes, from its first byte to its last, counting them against the manifest limit.</summary>
    private async ValueTask<ArrayBufferWriter<byte>> CaptureAsync(long limit, CancellationToken cancellationToken)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var scanner = new ValueScanner();
        while (true)
        {
            var span = Buffered;
            var end = scanner.Scan(span);
            var take = end < 0 ? span.Length : end;
            if (output.WrittenCount + take > limit)
            {
                throw new NpmDocumentException(
                    $"The package metadata is larger than {NpmSizes.Describe(_manifestLimit)} (everything in the document but the tarball).");
            }

            output.Write(span[..take]);
            Advance(take);
            if (end >= 0)
            {
                _manifestBytes += output.WrittenCount;
                return output;
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new NpmDocumentException("The document ended early.");
            }
        }
    }

    /// <summary>Finds where a JSON value ends, across buffer boundaries: strings with escapes, nesting, scalars.</summary>
    private struct ValueScanner
    {
        private int _depth;
        private bool _started;
        private bool _inString;
        private bool _escaped;
        private bool _scalar;

        /// <summary>The index just past the value's end in <paramref name="span"/>, or -1 when it goes on.</summary>
        public int Scan(ReadOnlySpan<byte> span)
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = span[i];
                if (_inString)
                {
                    if (_escaped)
                    {
                        _escaped = false;
                        continue;
                    }

                    // Jump to the next byte that matters; string content is most of a manifest.
                    var next = span[i..].IndexOfAny((byte)'"', (byte)'\\');
                    if (next < 0)
                    {
                        return -1;
                    }

                    i += next;
                    if (span[i] == '\\')
                    {
                        _escaped = true;
                    }
                    else
                    {
                        _inString = false;
                        if (_depth == 0)
                        {
                            return i + 1;
                        }
                    }

                    continue;
                }

                if (!_started)
                {
                    _started = true;
                    switch (c)
                    {
                        case (byte)'"':
                            _inString = true;
                            break;
                        case (byte)'{' or (byte)'[':
                            _depth = 1;
                            break;
                        default:
                            _scalar = true;
                            break;
                    }

                    continue;
                }

                if (_scalar)
                {
                    if (c is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    {
                        return i;
                    }

                    continue;
                }

                switch (c)
                {
                    case (byte)'"':
                        _inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        _depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        if (--_depth == 0)
                        {
                            return i + 1;
                        }

                        break;
                }
            }

            return -1;
        }
    }
}
