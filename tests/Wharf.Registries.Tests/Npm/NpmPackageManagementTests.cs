using System.Text.Json.Nodes;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>dist-tags, deprecation, unpublishing and republishing with the real npm CLI, and REST deletes seen by npm.</summary>
public sealed class NpmPackageManagementTests(SqliteNpmServer fixture) : IClassFixture<SqliteNpmServer>
{
    [Fact]
    public async Task Dist_tags_are_added_listed_installed_and_removed()
    {
        var (_, npm, package) = await PublishTwoVersionsAsync("tagged");
        using var cli = npm;

        await npm.SucceedAsync(npm.Root, "dist-tag", "add", package + "@1.0.0", "stable");
        var listed = (await npm.SucceedAsync(npm.Root, "dist-tag", "ls", package)).Stdout;
        Assert.Contains("latest: 1.1.0", listed, StringComparison.Ordinal);
        Assert.Contains("stable: 1.0.0", listed, StringComparison.Ordinal);

        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", package + "@stable");
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, package));

        await npm.SucceedAsync(npm.Root, "dist-tag", "rm", package, "stable");
        Assert.DoesNotContain("stable", (await npm.SucceedAsync(npm.Root, "dist-tag", "ls", package)).Stdout, StringComparison.Ordinal);

        var latest = await npm.FailAsync(npm.Root, "dist-tag", "rm", package, "latest");
        latest.AssertPrinted("The latest tag cannot be removed");
        var missing = await npm.FailAsync(npm.Root, "dist-tag", "add", package + "@9.9.9", "later");
        missing.AssertPrinted("404");
    }

    [Fact]
    public async Task Deprecate_warns_on_install_and_undeprecate_clears_it()
    {
        var (_, npm, package) = await PublishTwoVersionsAsync("old");
        using var cli = npm;

        await npm.SucceedAsync(npm.Root, "deprecate", package + "@1.0.0", "Use 1.1.0 instead");
        Assert.Equal("Use 1.1.0 instead", (await npm.SucceedAsync(npm.Root, "view", package + "@1.0.0", "deprecated")).Stdout.Trim());
        var project = npm.CreateProject();
        var install = await npm.SucceedAsync(project, "install", package + "@1.0.0");
        install.AssertPrinted($"deprecated {package}@1.0.0: Use 1.1.0 instead");

        await npm.SucceedAsync(npm.Root, "deprecate", package + "@1.0.0", "");
        Assert.Equal("", (await npm.SucceedAsync(npm.Root, "view", package + "@1.0.0", "deprecated")).Stdout.Trim());
        Assert.Equal("", (await npm.SucceedAsync(npm.Root, "view", package + "@1.1.0", "deprecated")).Stdout.Trim());
    }

    [Fact]
    public async Task Unpublished_versions_and_packages_come_back_through_rest_restore()
    {
        var server = fixture.Start();
        var (owner, npm, package) = await PublishTwoVersionsAsync("gone");
        using var cli = npm;
        using var rest = new NpmRestApi(server, owner);

        await npm.SucceedAsync(npm.Root, "unpublish", package + "@1.1.0");
        Assert.Equal(["1.0.0"], await VersionsAsync(npm, package));
        Assert.Equal("1.0.0", (await npm.SucceedAsync(npm.Root, "view", package, "dist-tags.latest")).Stdout.Trim());
        await rest.RestoreVersionAsync("gone", "1.1.0");
        Assert.Equal(["1.0.0", "1.1.0"], await VersionsAsync(npm, package));

        await npm.SucceedAsync(npm.Root, "unpublish", package, "--force");
        var view = await npm.FailAsync(npm.Root, "view", package);
        view.AssertPrinted("E404");
        await rest.RestorePackageAsync("gone");
        Assert.Equal(["1.0.0", "1.1.0"], await VersionsAsync(npm, package));
        Assert.Equal("1.1.0", (await npm.SucceedAsync(npm.Root, "view", package, "version")).Stdout.Trim());
    }

    [Fact]
    public async Task Rest_delete_and_restore_change_what_install_gets()
    {
        var server = fixture.Start();
        var (owner, npm, package) = await PublishTwoVersionsAsync("flip");
        using var cli = npm;
        using var rest = new NpmRestApi(server, owner);

        await rest.DeleteVersionAsync("flip", "1.1.0");
        var before = npm.CreateProject();
        await npm.SucceedAsync(before, "install", package + "@^1.0.0");
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(before, package));
        var pinned = await npm.FailAsync(before, "install", package + "@1.1.0");
        pinned.AssertPrinted("ETARGET");

        await rest.RestoreVersionAsync("flip", "1.1.0");
        var after = npm.CreateProject();
        await npm.SucceedAsync(after, "install", package + "@^1.0.0");
        Assert.Equal("1.1.0", NpmCli.InstalledVersion(after, package));
    }

    [Fact]
    public async Task Publishing_over_an_existing_version_is_refused_with_409()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        var directory = npm.CreatePackage(owner.Package("once"), "1.0.0", owner.RepositoryUrl);
        await npm.SucceedAsync(directory, "publish");

        // npm itself refuses when the packument lists the version; --force sends it, and the server answers 409.
        var forced = await npm.FailAsync(directory, "publish", "--force");
        forced.AssertPrinted("409 Conflict");
        forced.AssertPrinted("Cannot publish over existing version");
        using var rest = new NpmRestApi(server, owner);
        Assert.Single(await rest.VersionsAsync("once"));
    }

    private async Task<(NpmOwner Owner, NpmCli Npm, string Package)> PublishTwoVersionsAsync(string name)
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        var package = owner.Package(name);
        await NpmInstallFlowTests.PublishAsync(npm, owner, package, "1.0.0");
        await NpmInstallFlowTests.PublishAsync(npm, owner, package, "1.1.0");
        return (owner, npm, package);
    }

    private static async Task<string[]> VersionsAsync(NpmCli npm, string package)
    {
        var json = JsonNode.Parse((await npm.SucceedAsync(npm.Root, "view", package, "versions", "--json")).Stdout)!;
        return json is JsonArray array ? array.Select(v => v!.GetValue<string>()).ToArray() : [json.GetValue<string>()];
    }
}
