using System.Text.Json.Nodes;
using Wharf.Core.Packages;
using Wharf.Registries.Npm;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class NpmPackumentBuilderTests
{
    private const string Registry = "https://wharf.example/_registry/npm";
    private static readonly DateTime Created = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
    private static readonly NpmPackageName Name = new("octo", "widget");

    [Fact]
    public void Versions_come_in_semver_order_with_their_tags_and_latest_falls_back_to_the_highest_release()
    {
        var versions = new[] { Version(1, "1.10.0"), Version(2, "1.2.0"), Version(3, "2.0.0-rc.1"), Version(4, "1.9.0") };
        var packument = NpmPackumentBuilder.Build(Snapshot(versions, new Dictionary<string, long> { ["next"] = 3, ["gone"] = 99 }));

        Assert.Equal(["1.2.0", "1.9.0", "1.10.0", "2.0.0-rc.1"], packument.Versions.Keys);
        Assert.Equal("1.10.0", packument.DistTags["latest"]);
        Assert.Equal("2.0.0-rc.1", packument.DistTags["next"]);
        Assert.False(packument.DistTags.ContainsKey("gone"));
        var full = Full(packument);
        Assert.Equal(["1.2.0", "1.9.0", "1.10.0", "2.0.0-rc.1"], full["versions"]!.AsObject().Select(v => v.Key));
    }

    [Fact]
    public void The_full_packument_has_the_readme_and_package_fields_of_latest_and_registry_fields_on_versions()
    {
        var versions = new[]
        {
            Version(1, "1.0.0", readme: "old readme"),
            Version(2, "1.1.0", readme: "new readme", deprecated: "use 2", scripts: new JsonObject { ["postinstall"] = "node setup.js" }),
        };
        var full = Full(NpmPackumentBuilder.Build(Snapshot(versions, new Dictionary<string, long> { ["latest"] = 2 })));

        Assert.Equal("@octo/widget", full["_id"]!.GetValue<string>());
        Assert.StartsWith("2-", full["_rev"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("new readme", full["readme"]!.GetValue<string>());
        Assert.Equal("The widget at 1.1.0", full["description"]!.GetValue<string>());
        Assert.Equal("MIT", full["license"]!.GetValue<string>());
        Assert.Equal("2026-01-02T03:04:05.678Z", full["time"]!["1.0.0"]!.GetValue<string>());
        var latest = full["versions"]!["1.1.0"]!;
        Assert.Null(latest["readme"]);
        Assert.Equal("@octo/widget@1.1.0", latest["_id"]!.GetValue<string>());
        Assert.Equal($"{Registry}/@octo/widget/-/widget-1.1.0.tgz", latest["dist"]!["tarball"]!.GetValue<string>());
        Assert.Equal("sha512-abc", latest["dist"]!["integrity"]!.GetValue<string>());
        Assert.Equal("use 2", latest["deprecated"]!.GetValue<string>());
        Assert.True(latest["hasInstallScript"]!.GetValue<bool>());
        Assert.Null(full["versions"]!["1.0.0"]!["hasInstallScript"]);
    }

    [Fact]
    public void The_abbreviated_packument_keeps_only_what_installing_needs()
    {
        var packument = NpmPackumentBuilder.Build(Snapshot([Version(1, "1.0.0", deprecated: "old")], new Dictionary<string, long>()));
        var corgi = JsonNode.Parse(packument.Abbreviated)!;

        Assert.Equal(["name", "modified", "dist-tags", "versions"], corgi.AsObject().Select(p => p.Key));
        var version = corgi["versions"]!["1.0.0"]!.AsObject();
        Assert.Equal(["name", "version", "deprecated", "dependencies", "dist", "engines", "license"], version.Select(p => p.Key));
        Assert.Equal("^2.0.0", version["dependencies"]!["@octo/base"]!.GetValue<string>());
    }

    [Fact]
    public void Versions_not_published_through_npm_are_left_out()
    {
        var foreign = new PackageVersion { Id = 5, Name = "3.0.0", Metadata = null, CreatedAt = Created, UpdatedAt = Created };
        var packument = NpmPackumentBuilder.Build(Snapshot([Version(1, "1.0.0"), foreign], new Dictionary<string, long> { ["latest"] = 5 }));

        Assert.Equal(["1.0.0"], packument.Versions.Keys);
        Assert.Equal("1.0.0", packument.DistTags["latest"]);
    }

    [Fact]
    public void The_same_snapshot_gives_the_same_bytes_and_a_change_a_new_etag()
    {
        var before = NpmPackumentBuilder.Build(Snapshot([Version(1, "1.0.0")], new Dictionary<string, long>()));
        var again = NpmPackumentBuilder.Build(Snapshot([Version(1, "1.0.0")], new Dictionary<string, long>()));
        var deprecated = NpmPackumentBuilder.Build(Snapshot([Version(1, "1.0.0", deprecated: "no")], new Dictionary<string, long>()));

        Assert.Equal(before.Full, again.Full);
        Assert.Equal(before.FullETag, again.FullETag);
        Assert.Equal(before.AbbreviatedETag, again.AbbreviatedETag);
        Assert.NotEqual(before.FullETag, deprecated.FullETag);
        Assert.NotEqual(before.AbbreviatedETag, deprecated.AbbreviatedETag);
        Assert.Empty(NpmPackumentBuilder.Build(Snapshot([], new Dictionary<string, long>())).Versions);
    }

    private static JsonNode Full(NpmPackument packument) => JsonNode.Parse(packument.Full)!;

    private static NpmPackageSnapshot Snapshot(IReadOnlyList<PackageVersion> versions, IReadOnlyDictionary<string, long> tags) =>
        new(Name, new Package { Id = 7, Name = "widget", Description = "first description", CreatedAt = Created, UpdatedAt = Created }, versions, tags, Registry);

    private static PackageVersion Version(long id, string version, string? readme = null, string? deprecated = null, JsonObject? scripts = null)
    {
        var manifest = new JsonObject
        {
            ["name"] = "@octo/widget",
            ["version"] = version,
            ["description"] = $"The widget at {version}",
            ["license"] = "MIT",
            ["dependencies"] = new JsonObject { ["@octo/base"] = "^2.0.0" },
            ["engines"] = new JsonObject { ["node"] = ">=20" },
            ["dist"] = new JsonObject { ["integrity"] = "sha512-abc", ["shasum"] = "abc" },
        };
        if (scripts is not null)
        {
            manifest["scripts"] = scripts;
        }

        var record = new NpmVersionRecord
        {
            Manifest = manifest,
            Readme = readme,
            Tarball = new NpmTarballRecord($"widget-{version}.tgz", new string('a', 64), 10),
        }.WithDeprecation(deprecated);
        return new PackageVersion { Id = id, Name = version, Metadata = record.ToJson(), CreatedAt = Created, UpdatedAt = Created };
    }
}
