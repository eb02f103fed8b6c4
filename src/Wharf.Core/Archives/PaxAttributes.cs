using System.Text;

namespace Wharf.Core.Archives;

/// <summary>
/// The records of a PAX extended header that the bounded reader applies: <c>path</c> and <c>size</c>. Each record is
/// <c>LENGTH KEY=VALUE\n</c>, LENGTH counting the whole record in decimal (IEEE 1003.1, "pax", pax Extended Header
/// File Format). Every length is checked against the bytes the header holds, which the caller has already bounded.
/// </summary>
internal sealed record PaxAttributes(string? Path, long? Size)
{
    private const int MaxLengthDigits = 18;

    public static PaxAttributes Parse(ReadOnlySpan<byte> data, int maxNameLength)
    {
        string? path = null;
        long? size = null;
        while (!data.IsEmpty)
        {
            if (TarHeader.IsZero(data))
            {
                // Some writers pad the header's data with NULs.
                break;
            }

            var space = data.IndexOf((byte)' ');
            if (space <= 0 || space > MaxLengthDigits || !TryParseDecimal(data[..space], out var length))
            {
                throw new ArchiveFormatException("A PAX extended header holds a record that does not start with its length.");
            }

            if (length <= space + 1 || length > data.Length)
            {
                throw new ArchiveFormatException($"A PAX record declares {length} bytes, but its header holds {data.Length}.");
            }

            var record = data[..(int)length];
            var equals = record.IndexOf((byte)'=');
            if (record[^1] != '\n' || equals <= space + 1)
            {
                throw new ArchiveFormatException("A PAX extended header holds a record that is not KEY=VALUE ended by a newline.");
            }

            var key = record[(space + 1)..equals];
            var value = record[(equals + 1)..^1];
            if (key.SequenceEqual("path"u8))
            {
                if (value.Length > maxNameLength)
                {
                    throw new ArchiveFormatException($"A PAX path is {value.Length} bytes long; at most {maxNameLength} are accepted.");
                }

                // An empty value removes the attribute: the header's own field applies.
                path = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
            }
            else if (key.SequenceEqual("size"u8))
            {
                if (value.IsEmpty)
                {
                    size = null;
                }
                else if (value.Length <= MaxLengthDigits && TryParseDecimal(value, out var declared))
                {
                    size = declared;
                }
                else
                {
                    throw new ArchiveFormatException("A PAX size is not a decimal number of at most 18 digits.");
                }
            }

            data = data[(int)length..];
        }

        return new PaxAttributes(path, size);
    }

    /// <summary>Digits only: no sign, no spaces; at most 18 digits, so the value fits in a long.</summary>
    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > MaxLengthDigits)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
