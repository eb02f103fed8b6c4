using System.Security.Cryptography;
using System.Text;

namespace Wharf.Api.Tests.Packages;

/// <summary>Container versions are named by manifest digest; tests make stand-in digests from a seed text.</summary>
public static class ContainerDigest
{
    public static string Of(string seed) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
