using System.Text.Json.Nodes;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// The main flow with the real npm CLI: three packages that depend on each other, two versions each, installed into a
/// fresh project by range and by dist-tag, then again from the lockfile with <c>npm ci</c>; and what the REST API
/// shows of them. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class NpmInstallFlowTests(NpmServer fixture)
{
    [Fact]
    public async Task Dependent_packages_publish_install_and_reinstall_from_the_lockfile()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        string base_ = owner.Package("base"), mid = owner.Package("mid"), top = owner.Package("top");

        await PublishAsync(npm, owner, base_, "1.0.0");
        await PublishAsync(npm, owner, base_, "1.1.0");
        await PublishAsync(npm, owner, mid, "1.0.0", new() { [base_] = "^1.0.0" });
        await PublishAsync(npm, owner, mid, "2.0.0", new() { [base_] = "~1.1.0" });
        await PublishAsync(npm, owner, top, "1.0.0", new() { [mid] = "^1.0.0" });
        await PublishAsync(npm, owner, top, "1.1.0", new() { [mid] = "^2.0.0" }, "--tag", "next");

        // "latest" of top is 1.0.0: mid ^1.0.0 resolves to 1.0.0, whose ^1.0.0 takes the newest base.
        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", top);
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, top));
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, mid));
        Assert.Equal("1.1.0", NpmCli.InstalledVersion(project, base_));
        var lockfile = JsonNode.Parse(File.ReadAllText(Path.Combine(project, "package-lock.json")))!;
        var resolved = lockfile["packages"]![$"node_modules/{base_}"]!["resolved"]!.GetValue<string>();
        Assert.StartsWith(npm.RegistryUrl, resolved, StringComparison.Ordinal);

        // From the lockfile, into an empty node_modules.
        Directory.Delete(Path.Combine(project, "node_modules"), recursive: true);
        await npm.SucceedAsync(project, "ci");
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, top));
        Assert.Equal("1.1.0", NpmCli.InstalledVersion(project, base_));

        // The "next" tag brings the other side of every range.
        await npm.SucceedAsync(project, "install", top + "@next");
        Assert.Equal("1.1.0", NpmCli.InstalledVersion(project, top));
        Assert.Equal("2.0.0", NpmCli.InstalledVersion(project, mid));
        Assert.Equal("1.1.0", NpmCli.InstalledVersion(project, base_));

        var tags = JsonNode.Parse((await npm.SucceedAsync(project, "view", top, "dist-tags", "--json")).Stdout)!;
        Assert.Equal("1.0.0", tags["latest"]!.GetValue<string>());
        Assert.Equal("1.1.0", tags["next"]!.GetValue<string>());
        Assert.Contains("Version 1.0.0 of the readme.", (await npm.SucceedAsync(project, "view", top, "readme")).Stdout, StringComparison.Ordinal);

        // The REST API: name without the scope, the repository linked, versions named by their semver.
        using var rest = new NpmRestApi(server, owner);
        var package = await rest.PackageAsync("top");
        Assert.Equal("top", package["name"]!.GetValue<string>());
        Assert.Equal("npm", package["package_type"]!.GetValue<string>());
        Assert.Equal(owner.Repository.Name, package["repository"]!["name"]!.GetValue<string>());
        Assert.Equal(2, package["version_count"]!.GetValue<int>());
        var versions = await rest.VersionsAsync("top");
        Assert.Equal(["1.0.0", "1.1.0"], versions.Select(v => v!["name"]!.GetValue<string>()).Order().ToArray());
        Assert.All(versions, v => Assert.Equal("MIT", v!["license"]!.GetValue<string>()));
        Assert.All(versions, v => Assert.Equal($"The {top} package", v!["description"]!.GetValue<string>()));
    }

    internal static async Task PublishAsync(
        NpmCli npm, NpmOwner owner, string name, string version, Dictionary<string, string>? dependencies = null, params string[] flags)
    {
        var directory = npm.CreatePackage(name, version, owner.RepositoryUrl, dependencies);
        var result = await npm.SucceedAsync(directory, ["publish", .. flags]);
        Assert.Contains($"+ {name}@{version}", result.Stdout, StringComparison.Ordinal);
    }
}
