using Wharf.Registries.Npm;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>Package names, versions, dist-tag names and the integrity promise: the small rules publish checks.</summary>
public sealed class NpmNamesAndVersionsTests
{
    [Theory]
    [InlineData("@octo%2fwidget", "octo", "widget")]
    [InlineData("@octo%2Fwidget", "octo", "widget")]
    [InlineData("@octo/widget", "octo", "widget")]
    public void Package_names_are_read_from_both_path_forms(string path, string scope, string name)
    {
        Assert.True(NpmPackageName.TryParse(path, out var parsed));
        Assert.Equal(new NpmPackageName(scope, name), parsed);
    }

    [Theory]
    [InlineData("widget")]
    [InlineData("@octo")]
    [InlineData("@/widget")]
    [InlineData("@octo/")]
    [InlineData("@octo/a/b")]
    public void Unscoped_or_malformed_names_are_not_package_names(string path) => Assert.False(NpmPackageName.TryParse(path, out _));

    [Theory]
    [InlineData("octo", "Widget", "lower case")]
    [InlineData("Octo", "widget", "lower case")]
    [InlineData("octo", ".hidden", "may not start with a period")]
    [InlineData("octo", "wid get", "URL-safe")]
    [InlineData("octo", "wid~get", "URL-safe")]
    public void Names_npm_would_not_accept_are_refused(string scope, string name, string reason) =>
        Assert.Contains(reason, new NpmPackageName(scope, name).Problem(), StringComparison.Ordinal);

    [Fact]
    public void Names_npm_accepts_pass() => Assert.Null(new NpmPackageName("octo-org", "widget.js_2").Problem());

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("2.0.0-beta.1+build.5", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("1.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("latest", false)]
    public void Versions_are_semantic_versions(string text, bool valid) => Assert.Equal(valid, NpmVersions.TryParse(text, out _));

    [Theory]
    [InlineData("latest", true)]
    [InlineData("next", true)]
    [InlineData("beta-2", true)]
    [InlineData("1.0.0", false)]
    [InlineData("^1.0.0", false)]
    [InlineData("v2", false)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    public void Dist_tags_may_not_look_like_versions_or_ranges(string tag, bool valid) => Assert.Equal(valid, NpmVersions.IsValidTag(tag));

    [Theory]
    [InlineData("1.10.0", "1.2.0", "1.10.0", "2.0.0-rc.1")]
    [InlineData("2.0.0-rc.2", "2.0.0-rc.1", "2.0.0-rc.2")]
    public void The_highest_release_stands_in_for_latest(string highest, params string[] versions) =>
        Assert.Equal(highest, NpmVersions.Highest(versions.Select(v => (v, Semver.SemVersion.Parse(v, Semver.SemVersionStyles.Strict)))));

    [Fact]
    public void Integrity_reads_sri_and_shasum_and_checks_both()
    {
        var tarball = "tarball"u8.ToArray();
        var sha512 = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(tarball));
        Assert.True(NpmIntegrity.TryParse(NpmTarball.Integrity(tarball) + " sha1-" + Convert.ToBase64String(Convert.FromHexString(NpmTarball.Shasum(tarball))), NpmTarball.Shasum(tarball), out var integrity, out var problem), problem);
        Assert.Null(integrity.Check(sha512, NpmTarball.Shasum(tarball)));
        Assert.Contains("sha512", integrity.Check(new string('0', 128), NpmTarball.Shasum(tarball)), StringComparison.Ordinal);
        Assert.Contains("sha1", integrity.Check(sha512, new string('0', 40)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "is required")]
    [InlineData("sha512-!!!", null, "malformed")]
    [InlineData(null, "xyz", "malformed")]
    public void Integrity_without_a_usable_digest_is_refused(string? integrity, string? shasum, string problem)
    {
        Assert.False(NpmIntegrity.TryParse(integrity, shasum, out _, out var reason));
        Assert.Contains(problem, reason, StringComparison.Ordinal);
    }
}
