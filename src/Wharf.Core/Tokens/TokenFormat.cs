using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Core.Tokens;

/// <summary>
/// GitHub's classic token form: <c>ghp_</c>, 30 random base-62 characters, and a 6-character base-62 CRC32 of
/// them. Secret scanners recognise the prefix and can reject typos by the checksum without asking the server.
/// </summary>
public static class TokenFormat
{
    public const string Prefix = "ghp_";
    private const int BodyLength = 30;
    private const int ChecksumLength = 6;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        var body = RandomNumberGenerator.GetString(Alphabet, BodyLength);
        return Prefix + body + Checksum(body);
    }

    /// <summary>True when the text has the form and a matching checksum; says nothing about whether it exists.</summary>
    public static bool IsWellFormed(string token)
    {
        if (token.Length != Prefix.Length + BodyLength + ChecksumLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = token.Substring(Prefix.Length, BodyLength);
        foreach (var c in body)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return string.Equals(Checksum(body), token[(Prefix.Length + BodyLength)..], StringComparison.Ordinal);
    }

    /// <summary>Hex SHA-256 of the whole token, the only form in which tokens are stored.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Checksum(string body)
    {
        var crc = BinaryPrimitives.ReadUInt32BigEndian(Crc32.Hash(Encoding.ASCII.GetBytes(body)));
        var chars = new char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(chars);
    }
}
