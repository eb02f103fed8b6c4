using System.Diagnostics.CodeAnalysis;

namespace Wharf.Core.Blobs;

/// <summary>A blob's address: the lower-case hex SHA-256 of its bytes. Paths are made from digests, never from names.</summary>
public readonly record struct BlobDigest
{
    private BlobDigest(string hex) => Hex = hex;

    public string Hex { get; }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out BlobDigest? digest)
    {
        digest = null;
        if (hex is null || hex.Length != 64)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        digest = new BlobDigest(hex);
        return true;
    }

    public static BlobDigest Parse(string hex) =>
        TryParse(hex, out var digest) ? digest.Value : throw new FormatException("Not a lower-case hex SHA-256 digest.");

    public override string ToString() => Hex;
}
