using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Wharf.Testing.Archives;

/// <summary>
/// A tar archive written block by block, so that a test can put in a header what no tar writer would: sizes of
/// gigabytes with no data behind them, negative or base-256 sizes, broken checksums, malformed PAX records.
/// </summary>
public sealed class TarBlocks
{
    public const int BlockSize = 512;

    private readonly ArrayBufferWriter<byte> _output = new();

    /// <summary>A header and its data, padded to a whole block; the size field is octal, as every writer makes it.</summary>
    public TarBlocks Entry(string name, byte[] data, char type = '0')
    {
        Header(name, type, data.Length);
        return Data(data);
    }

    /// <summary>A header declaring <paramref name="declaredSize"/> bytes; nothing follows unless the test adds it.</summary>
    public TarBlocks Header(string name, char type, long declaredSize) =>
        Header(name, type, Encoding.ASCII.GetBytes(Convert.ToString(declaredSize, 8).PadLeft(11, '0') + "\0"));

    /// <summary>A header with the 12 bytes of its size field as given (base-256, or not a number at all).</summary>
    public TarBlocks Header(string name, char type, ReadOnlySpan<byte> sizeField)
    {
        _output.Write(Block(name, type, sizeField).AsSpan());
        return this;
    }

    /// <summary>A PAX extended header ('x', or 'g' for a global one) with these records, and its data.</summary>
    public TarBlocks Pax(char type, params (string Key, string Value)[] records)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            text.Append(PaxRecord(key, value));
        }

        return Entry("PaxHeaders/entry", Encoding.UTF8.GetBytes(text.ToString()), type);
    }

    /// <summary>One PAX record, "LENGTH KEY=VALUE\n", where LENGTH counts the whole record including itself.</summary>
    public static string PaxRecord(string key, string value)
    {
        var body = $" {key}={value}\n";
        var bodyBytes = Encoding.UTF8.GetByteCount(body);
        var length = bodyBytes + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + bodyBytes != length)
        {
            length++;
        }

        return length.ToString(CultureInfo.InvariantCulture) + body;
    }

    /// <summary>Data padded with zeros to a whole block.</summary>
    public TarBlocks Data(byte[] data)
    {
        _output.Write(data.AsSpan());
        _output.Write(new byte[(BlockSize - (data.Length % BlockSize)) % BlockSize].AsSpan());
        return this;
    }

    /// <summary>Bytes as they are, with no padding (to cut an archive short, say).</summary>
    public TarBlocks Raw(byte[] bytes)
    {
        _output.Write(bytes.AsSpan());
        return this;
    }

    /// <summary>The end of the archive: two blocks of zeros.</summary>
    public TarBlocks End() => Raw(new byte[2 * BlockSize]);

    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    public byte[] ToGzip()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_output.WrittenSpan);
        }

        return compressed.ToArray();
    }

    /// <summary>A ustar header block with a valid checksum.</summary>
    public static byte[] Block(string name, char type, ReadOnlySpan<byte> sizeField)
    {
        var block = new byte[BlockSize];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        nameBytes.AsSpan(0, Math.Min(nameBytes.Length, 100)).CopyTo(block);
        "0000644\0"u8.CopyTo(block.AsSpan(100));
        "0000000\0"u8.CopyTo(block.AsSpan(108));
        "0000000\0"u8.CopyTo(block.AsSpan(116));
        sizeField[..Math.Min(sizeField.Length, 12)].CopyTo(block.AsSpan(124));
        "00000000000\0"u8.CopyTo(block.AsSpan(136));
        block[156] = (byte)type;
        "ustar\0"u8.CopyTo(block.AsSpan(257));
        "00"u8.CopyTo(block.AsSpan(263));
        WriteChecksum(block);
        return block;
    }

    /// <summary>The sum of the header's bytes with the checksum field counted as spaces, in octal.</summary>
    public static void WriteChecksum(byte[] block)
    {
        "        "u8.CopyTo(block.AsSpan(148));
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block.AsSpan(148));
    }
}
