using System.Diagnostics.CodeAnalysis;

namespace Wharf.Registries.Npm;

/// <summary>
/// The digests a version's <c>dist</c> promises: <c>integrity</c> (Subresource Integrity, <c>sha512-BASE64</c>, possibly
/// with more hashes separated by spaces) and <c>shasum</c> (hex SHA-1). Kept as lower-case hex for comparison.
/// </summary>
public sealed record NpmIntegrity(string? Sha512, string? Sha1)
{
    /// <summary>Reads the promise; false when neither digest is there or one is malformed.</summary>
    public static bool TryParse(string? integrity, string? shasum, [NotNullWhen(true)] out NpmIntegrity? result, out string? problem)
    {
        result = null;
        problem = null;
        string? sha512 = null;
        string? sha1 = null;
        foreach (var part in (integrity ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0)
            {
                problem = $"dist.integrity is malformed: \"{integrity}\".";
                return false;
            }

            var hash = FromBase64(part[(dash + 1)..]);
            switch (part[..dash])
            {
                case "sha512" when hash?.Length == 128:
                    sha512 ??= hash;
                    break;
                case "sha1" when hash?.Length == 40:
                    sha1 ??= hash;
                    break;
                case "sha512" or "sha1":
                    problem = $"dist.integrity is malformed: \"{integrity}\".";
                    return false;
            }
        }

        if (!string.IsNullOrEmpty(shasum))
        {
            var hex = shasum.Trim().ToLowerInvariant();
            if (hex.Length != 40 || !hex.All(char.IsAsciiHexDigit))
            {
                problem = $"dist.shasum is malformed: \"{shasum}\".";
                return false;
            }

            if (sha1 is not null && sha1 != hex)
            {
                problem = "dist.shasum and dist.integrity disagree.";
                return false;
            }

            sha1 = hex;
        }

        if (sha512 is null && sha1 is null)
        {
            problem = "dist.integrity (sha512) or dist.shasum is required, so the tarball can be checked.";
            return false;
        }

        result = new NpmIntegrity(sha512, sha1);
        return true;
    }

    /// <summary>Null when the tarball's digests keep the promise, else what does not match.</summary>
    public string? Check(string actualSha512, string actualSha1)
    {
        if (Sha512 is not null && !string.Equals(Sha512, actualSha512, StringComparison.Ordinal))
        {
            return "Integrity check failed: the tarball's sha512 does not match dist.integrity.";
        }

        if (Sha1 is not null && !string.Equals(Sha1, actualSha1, StringComparison.Ordinal))
        {
            return "Integrity check failed: the tarball's sha1 does not match dist.shasum.";
        }

        return null;
    }

    private static string? FromBase64(string text)
    {
        try
        {
            return Convert.ToHexStringLower(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
