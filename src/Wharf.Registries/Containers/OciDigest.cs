using System.Diagnostics.CodeAnalysis;
using Wharf.Core.Blobs;

namespace Wharf.Registries.Containers;

/// <summary>Digests as OCI writes them, <c>sha256:HEX</c>; the only algorithm the blob store addresses by.</summary>
public static class OciDigest
{
    public const string Prefix = "sha256:";

    public static bool TryParse(string? text, [NotNullWhen(true)] out string? hex)
    {
        hex = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || !BlobDigest.TryParse(text[Prefix.Length..], out var digest))
        {
            return false;
        }

        hex = digest.Value.Hex;
        return true;
    }

    public static bool IsDigest(string reference) => reference.Contains(':', StringComparison.Ordinal);

    public static string Of(string hex) => Prefix + hex;
}
