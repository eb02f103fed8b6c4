using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// Writes OCI image layouts by hand (image-spec "Image Layout": oci-layout, index.json, blobs/sha256/…), so the
/// tests need no network and no image builder: multi-layer OCI images, Docker schema 2 images, and indexes.
/// </summary>
public sealed class OciLayout : IDisposable
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";

    private static readonly string[] Architectures = ["amd64", "arm64"];

    private OciLayout(string directory) => Directory = directory;

    public string Directory { get; }

    public static OciLayout Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wharf-oci-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(directory, "index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        return new OciLayout(directory);
    }

    /// <summary>Adds a blob and returns its descriptor parts.</summary>
    public (string Digest, long Size) AddBlob(byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(Directory, "blobs", "sha256", hex), content);
        return ("sha256:" + hex, content.Length);
    }

    /// <summary>
    /// An image with <paramref name="layers"/> gzip layers of random bytes (or, with <paramref name="tarLayers"/>, of
    /// tar archives holding one file each, which container engines such as podman can unpack); returns the manifest
    /// digest.
    /// </summary>
    public string AddImage(
        int layers, bool docker = false, string architecture = "amd64", IDictionary<string, string>? labels = null,
        string? tag = null, bool addToIndex = true, int layerSize = 4096, bool tarLayers = false)
    {
        var layerMediaType = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip";
        var configMediaType = docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json";
        var layerDescriptors = new JsonArray();
        var diffIds = new JsonArray();
        for (var i = 0; i < layers; i++)
        {
            var raw = tarLayers ? TarOf($"layer{i}/data.bin", RandomNumberGenerator.GetBytes(layerSize)) : RandomNumberGenerator.GetBytes(layerSize);
            diffIds.Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)));
            var (digest, size) = AddBlob(Gzip(raw));
            layerDescriptors.Add(new JsonObject { ["mediaType"] = layerMediaType, ["digest"] = digest, ["size"] = size });
        }

        var labelObject = new JsonObject();
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            labelObject[key] = value;
        }

        var config = new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = labelObject },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        var (configDigest, configSize) = AddBlob(Encoding.UTF8.GetBytes(config.ToJsonString()));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = docker ? DockerManifest : OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = configMediaType, ["digest"] = configDigest, ["size"] = configSize },
            ["layers"] = layerDescriptors,
        };
        return AddManifest(manifest, tag, addToIndex, architecture);
    }

    /// <summary>A two-platform index (amd64 and arm64 children) tagged in the layout; returns its digest.</summary>
    public (string Index, string[] Children) AddIndex(string tag, bool docker = false)
    {
        var children = new[] { AddImage(2, docker, "amd64", addToIndex: false), AddImage(1, docker, "arm64", addToIndex: false) };
        var manifests = new JsonArray();
        foreach (var (child, architecture) in children.Zip(Architectures))
        {
            manifests.Add(new JsonObject
            {
                ["mediaType"] = docker ? DockerManifest : OciManifest,
                ["digest"] = child,
                ["size"] = new FileInfo(BlobPath(child)).Length,
                ["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" },
            });
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = docker ? DockerList : OciIndex,
            ["manifests"] = manifests,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.description"] = "a two-platform image" },
        };
        return (AddManifest(index, tag, true, null), children);
    }

    /// <summary>
    /// The image as skopeo's <c>dir:</c> transport lays it out (manifest.json, blobs by hex digest, version), in a
    /// sub-folder; returns its path.
    /// </summary>
    public string ExportDirectory(string manifestDigest)
    {
        var target = Path.Combine(Directory, "dir-" + manifestDigest[7..19]);
        System.IO.Directory.CreateDirectory(target);
        var manifest = JsonNode.Parse(Blob(manifestDigest))!;
        File.Copy(BlobPath(manifestDigest), Path.Combine(target, "manifest.json"));
        foreach (var descriptor in manifest["layers"]!.AsArray().Append(manifest["config"]))
        {
            var digest = descriptor!["digest"]!.GetValue<string>();
            File.Copy(BlobPath(digest), Path.Combine(target, digest[7..]), overwrite: true);
        }

        File.WriteAllText(Path.Combine(target, "version"), "Directory Transport Version: 1.1\n");
        return target;
    }

    public string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", digest["sha256:".Length..]);

    public byte[] Blob(string digest) => File.ReadAllBytes(BlobPath(digest));

    /// <summary>The digest the layout's index.json gives for <paramref name="tag"/>.</summary>
    public string DigestOf(string tag)
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "index.json")))!;
        return index["manifests"]!.AsArray()
            .First(m => m!["annotations"]?["org.opencontainers.image.ref.name"]?.GetValue<string>() == tag)!["digest"]!.GetValue<string>();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private string AddManifest(JsonObject manifest, string? tag, bool addToIndex, string? architecture)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var (digest, size) = AddBlob(bytes);
        if (addToIndex)
        {
            var indexPath = Path.Combine(Directory, "index.json");
            var index = JsonNode.Parse(File.ReadAllText(indexPath))!;
            var entry = new JsonObject { ["mediaType"] = manifest["mediaType"]!.GetValue<string>(), ["digest"] = digest, ["size"] = size };
            if (tag is not null)
            {
                entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
            }

            if (architecture is not null && manifest["mediaType"]!.GetValue<string>() is OciManifest or DockerManifest)
            {
                entry["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            }

            index["manifests"]!.AsArray().Add(entry);
            File.WriteAllText(indexPath, index.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }

        return digest;
    }

    private static byte[] TarOf(string path, byte[] content)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead });
        }

        return output.ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }
}
