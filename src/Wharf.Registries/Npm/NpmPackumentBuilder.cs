using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Semver;
using Wharf.Core.Packages;

namespace Wharf.Registries.Npm;

/// <summary>
/// Builds a package's packuments from its active versions, as the npm registry API describes them
/// (https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md). Pure: the same snapshot gives the
/// same bytes, so ETags are content hashes and stay valid across nodes.
/// </summary>
public static class NpmPackumentBuilder
{
    /// <summary>The version fields of the abbreviated packument ("corgi"): what installing needs.</summary>
    public static readonly IReadOnlyList<string> AbbreviatedFields =
    [
        "name", "version", "deprecated", "dependencies", "optionalDependencies", "devDependencies", "bundleDependencies",
        "bundledDependencies", "peerDependencies", "peerDependenciesMeta", "acceptDependencies", "bin", "directories", "dist",
        "engines", "cpu", "os", "libc", "_hasShrinkwrap", "hasInstallScript", "funding", "license",
    ];

    /// <summary>Package-level fields of the full packument, taken from the latest version.</summary>
    private static readonly string[] InstallScripts = ["preinstall", "install", "postinstall"];

    public static NpmPackument Build(NpmPackageSnapshot snapshot)
    {
        var name = snapshot.Name.FullName;
        var parsed = new List<(PackageVersion Version, NpmVersionRecord Record, SemVersion Semver)>();
        foreach (var version in snapshot.Versions)
        {
            // Versions not published through npm (no record) have no tarball to offer and are left out.
            if (NpmVersionRecord.Parse(version.Metadata) is { } record && NpmVersions.TryParse(version.Name, out var semver))
            {
                parsed.Add((version, record, semver));
            }
        }

        parsed.Sort((a, b) => SemVersion.CompareSortOrder(a.Semver, b.Semver));
        var byId = parsed.ToDictionary(p => p.Version.Id, p => p.Version.Name);
        var distTags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tag, versionId) in snapshot.Tags)
        {
            if (byId.TryGetValue(versionId, out var versionName))
            {
                distTags[tag] = versionName;
            }
        }

        // npm needs "latest"; when its version was deleted (or it was never set) the highest release stands in.
        if (!distTags.ContainsKey("latest") && NpmVersions.Highest(parsed.Select(p => (p.Version.Name, p.Semver))) is { } highest)
        {
            distTags["latest"] = highest;
        }

        var full = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var abbreviated = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var versions = new Dictionary<string, NpmPackumentVersion>(StringComparer.Ordinal);
        var time = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["created"] = NpmJson.Time(snapshot.Package.CreatedAt),
            ["modified"] = NpmJson.Time(Modified(snapshot)),
        };
        foreach (var (version, record, _) in parsed)
        {
            var manifest = FullManifest(snapshot, version.Name, record);
            full[version.Name] = manifest;
            abbreviated[version.Name] = AbbreviatedManifest(manifest);
            versions[version.Name] = new NpmPackumentVersion(version.Id, version.Name, record.Tarball, version.CreatedAt, record.Deprecated);
            time[version.Name] = NpmJson.Time(version.CreatedAt);
        }

        var latest = distTags.TryGetValue("latest", out var latestName) ? parsed.FirstOrDefault(p => p.Version.Name == latestName).Record : null;
        var latestManifest = latest?.Manifest;
        var abbreviatedBytes = JsonSerializer.SerializeToUtf8Bytes(new NpmAbbreviatedPackumentJson
        {
            Name = name,
            Modified = time["modified"],
            DistTags = distTags,
            Versions = abbreviated,
        }, NpmJson.Options);
        var abbreviatedHash = Hash(abbreviatedBytes);
        var fullBytes = JsonSerializer.SerializeToUtf8Bytes(new NpmPackumentJson
        {
            Id = name,
            Rev = $"{parsed.Count}-{abbreviatedHash[..32]}",
            Name = name,
            Description = Text(latestManifest?["description"]) ?? snapshot.Package.Description,
            DistTags = distTags,
            Versions = full,
            Time = time,
            Readme = latest?.Readme ?? "",
            ReadmeFilename = latest?.ReadmeFilename,
            Homepage = latestManifest?["homepage"]?.DeepClone(),
            Keywords = latestManifest?["keywords"]?.DeepClone(),
            Repository = latestManifest?["repository"]?.DeepClone(),
            Bugs = latestManifest?["bugs"]?.DeepClone(),
            Author = latestManifest?["author"]?.DeepClone(),
            License = latestManifest?["license"]?.DeepClone(),
        }, NpmJson.Options);

        return new NpmPackument
        {
            PackageId = snapshot.Package.Id,
            Name = snapshot.Name,
            RegistryUrl = snapshot.RegistryUrl,
            Full = fullBytes,
            FullETag = $"\"{Hash(fullBytes)[..32]}\"",
            Abbreviated = abbreviatedBytes,
            AbbreviatedETag = $"\"{abbreviatedHash[..32]}\"",
            Versions = versions,
            DistTags = distTags,
            Description = Text(latestManifest?["description"]) ?? snapshot.Package.Description,
            Keywords = latestManifest?["keywords"] is JsonArray keywords ? keywords.Select(Text).OfType<string>().ToArray() : [],
            Modified = Modified(snapshot),
        };
    }

    /// <summary>The tarball's URL: npm's conventional <c>{registry}/@scope/name/-/name-1.0.0.tgz</c>.</summary>
    public static string TarballUrl(string registryUrl, NpmPackageName name, string version) =>
        $"{registryUrl}/@{name.Scope}/{name.Name}/-/{TarballFile(name, version)}";

    public static string TarballFile(NpmPackageName name, string version) => $"{name.Name}-{Uri.EscapeDataString(version)}.tgz";

    /// <summary>The version manifest as published, with the registry's fields: id, tarball URL, install-script flag.</summary>
    private static JsonObject FullManifest(NpmPackageSnapshot snapshot, string version, NpmVersionRecord record)
    {
        var manifest = (JsonObject)record.Manifest.DeepClone();
        manifest.Remove("readme");
        manifest.Remove("readmeFilename");
        manifest["_id"] = $"{snapshot.Name.FullName}@{version}";
        manifest["name"] = snapshot.Name.FullName;
        manifest["version"] = version;
        var dist = manifest["dist"] as JsonObject ?? [];
        manifest["dist"] = dist;
        dist["tarball"] = TarballUrl(snapshot.RegistryUrl, snapshot.Name, version);
        if (manifest["scripts"] is JsonObject scripts && InstallScripts.Any(scripts.ContainsKey))
        {
            manifest["hasInstallScript"] = true;
        }

        return manifest;
    }

    private static JsonObject AbbreviatedManifest(JsonObject full)
    {
        var abbreviated = new JsonObject();
        foreach (var field in AbbreviatedFields)
        {
            if (full[field] is { } value)
            {
                abbreviated[field] = value.DeepClone();
            }
        }

        return abbreviated;
    }

    private static DateTime Modified(NpmPackageSnapshot snapshot) =>
        snapshot.Versions.Select(v => v.UpdatedAt).Append(snapshot.Package.UpdatedAt).Max();

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
