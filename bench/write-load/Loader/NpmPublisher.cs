using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Bench.WriteLoad;

/// <summary>
/// One client publishing versions of a package of its own, as <c>npm publish</c> does: one PUT of the publish document
/// with the tarball inline (base64 in <c>_attachments</c>), a new version each round.
/// </summary>
public sealed class NpmPublisher(HttpClient http, WriteLog log, string token, string owner, string repository, string package)
{
    public async Task RunAsync(DateTime until)
    {
        var name = $"@{owner}/{package}";
        for (var round = 1; DateTime.UtcNow < until; round++)
        {
            var version = $"1.0.{round}";
            var manifest = new JsonObject
            {
                ["name"] = name,
                ["version"] = version,
                ["description"] = "A package of the write-load benchmark.",
                ["license"] = "MIT",
                ["main"] = "index.js",
                ["repository"] = new JsonObject { ["type"] = "git", ["url"] = $"https://github.com/{owner}/{repository}" },
            };
            var tarball = Tarball(manifest.ToJsonString());
            var published = (JsonObject)manifest.DeepClone();
            published["dist"] = new JsonObject
            {
                ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
                ["tarball"] = $"{http.BaseAddress}_registry/npm/{name}/-/{package}-{version}.tgz",
            };
            var document = new JsonObject
            {
                ["_id"] = name,
                ["name"] = name,
                ["description"] = "A package of the write-load benchmark.",
                ["dist-tags"] = new JsonObject { ["latest"] = version },
                ["versions"] = new JsonObject { [version] = published },
                ["_attachments"] = new JsonObject
                {
                    [$"{package}-{version}.tgz"] = new JsonObject
                    {
                        ["content_type"] = "application/octet-stream",
                        ["data"] = Convert.ToBase64String(tarball),
                        ["length"] = tarball.Length,
                    },
                },
            };
            using var response = await log.TimeAsync("npm-publish", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"_registry/npm/@{owner}%2f{package}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
                return http.SendAsync(request);
            });
        }
    }

    /// <summary>A gzipped tar with <c>package/package.json</c> and some content, as <c>npm pack</c> makes.</summary>
    private static byte[] Tarball(string packageJson)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            Add(tar, "package/package.json", Encoding.UTF8.GetBytes(packageJson));
            Add(tar, "package/index.js", Encoding.UTF8.GetBytes("module.exports = '" + Convert.ToHexString(RandomNumberGenerator.GetBytes(2048)) + "';\n"));
        }

        return output.ToArray();
    }

    private static void Add(TarWriter tar, string path, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) };
        tar.WriteEntry(entry);
    }
}
