using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Tests.Npm;

/// <summary>Package tarballs made in memory, as npm packs them (gzipped tar, files under <c>package/</c>).</summary>
public static class NpmTarball
{
    public static byte[] Create(string name, string version, int paddingBytes = 0, string? readme = null)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["package/package.json"] = Encoding.UTF8.GetBytes(new JsonObject { ["name"] = name, ["version"] = version }.ToJsonString()),
            ["package/index.js"] = "module.exports = 1;\n"u8.ToArray(),
        };
        if (readme is not null)
        {
            files["package/README.md"] = Encoding.UTF8.GetBytes(readme);
        }

        if (paddingBytes > 0)
        {
            // Random bytes do not compress: the tarball is about this much larger.
            files["package/data.bin"] = RandomNumberGenerator.GetBytes(paddingBytes);
        }

        return Pack(files);
    }

    public static byte[] Pack(IReadOnlyDictionary<string, byte[]> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }

    public static string Integrity(byte[] tarball) => "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));

#pragma warning disable CA5350 // npm's dist.shasum is SHA-1: the test computes what npm computes, for checking, not for security.
    public static string Shasum(byte[] tarball) => Convert.ToHexStringLower(SHA1.HashData(tarball));
#pragma warning restore CA5350
}
