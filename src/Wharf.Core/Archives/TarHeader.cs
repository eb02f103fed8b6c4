using System.Text;

namespace Wharf.Core.Archives;

/// <summary>
/// The fields of a 512-byte tar header that the bounded reader uses, in the POSIX ustar layout (IEEE 1003.1, "pax",
/// ustar Interchange Format), which v7 and GNU headers share for these fields.
/// </summary>
internal static class TarHeader
{
    public const int BlockSize = 512;
    public const int TypeOffset = 156;

    private const int NameLength = 100;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;
    private const int MagicOffset = 257;
    private const int PrefixOffset = 345;
    private const int PrefixLength = 155;

    /// <summary>A block of zeros marks the end of the archive.</summary>
    public static bool IsZero(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);

    /// <summary>
    /// The checksum is the sum of the header's bytes with its own field counted as spaces. Old writers summed signed
    /// chars, so either sum is accepted, as GNU tar does.
    /// </summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> block)
    {
        if (!TryParseOctal(block.Slice(ChecksumOffset, ChecksumLength), out var stored))
        {
            return false;
        }

        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    /// <summary>
    /// The size field: octal digits, or base-256 (a GNU and star extension for sizes of 8 GiB and more) when the high bit
    /// of its first byte is set. A negative size or one past <see cref="long.MaxValue"/> is refused here, before any
    /// arithmetic on it.
    /// </summary>
    public static long Size(ReadOnlySpan<byte> block, long offset)
    {
        var field = block.Slice(SizeOffset, SizeLength);
        if ((field[0] & 0x80) == 0)
        {
            return TryParseOctal(field, out var octal)
                ? octal
                : throw new ArchiveFormatException($"The header at byte {offset} has a size that is not an octal number.");
        }

        // Base-256: a big-endian two's complement number in the bits after the marker bit; 0x40 is its sign.
        if ((field[0] & 0x40) != 0)
        {
            throw new ArchiveFormatException($"The header at byte {offset} declares a negative size.");
        }

        long value = field[0] & 0x3F;
        foreach (var b in field[1..])
        {
            if (value > long.MaxValue >> 8)
            {
                throw new ArchiveFormatException($"The header at byte {offset} declares a size too large for any archive.");
            }

            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>The entry's name: the ustar prefix and name fields, each ending at its first NUL.</summary>
    public static string Name(ReadOnlySpan<byte> block)
    {
        var name = Text(block[..NameLength]);
        if (!block.Slice(MagicOffset, 6).SequenceEqual("ustar\0"u8))
        {
            // v7 has no prefix, and GNU headers ("ustar  \0") keep other fields where ustar has it.
            return name;
        }

        var prefix = Text(block.Slice(PrefixOffset, PrefixLength));
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    /// <summary>Bytes up to the first NUL, as UTF-8 (what PAX names are, and what npm, gem and git write).</summary>
    public static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>Octal digits after optional spaces, ended by NUL or space; an empty field is 0.</summary>
    private static bool TryParseOctal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var i = 0;
        while (i < field.Length && field[i] == ' ')
        {
            i++;
        }

        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++)
        {
            if (value > long.MaxValue >> 3)
            {
                return false;
            }

            value = (value << 3) | (long)(field[i] - '0');
        }

        for (; i < field.Length; i++)
        {
            if (field[i] is not (0 or (byte)' '))
            {
                return false;
            }
        }

        return true;
    }
}
