using System.Net;
using Wharf.Core.Repositories;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>A server whose instance setting opens anonymous reads of public npm packages (off on GitHub).</summary>
public sealed class AnonymousNpmServer() : NpmServer(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Access:AnonymousReads"] = "npm,container" });

/// <summary>
/// <c>Access:AnonymousReads</c>: with npm named, npm installs a public package with no token at all; private packages
/// stay exactly as hidden as without it (401 for their packument and tarball, never their content).
/// </summary>
public sealed class NpmAnonymousReadTests(AnonymousNpmServer fixture) : IClassFixture<AnonymousNpmServer>
{
    [Fact]
    public async Task Npm_installs_a_public_package_without_a_token_and_private_ones_stay_hidden()
    {
        var server = fixture.Start();
        var open = await NpmOwner.CreateAsync(server, Visibility.Public);
        using var npm = NpmCli.Create(server, open.Token, open.Scope);
        await NpmInstallFlowTests.PublishAsync(npm, open, open.Package("open"), "1.0.0");
        var closed = await NpmOwner.CreateAsync(server);
        npm.Configure(closed.Token, closed.Scope);
        await NpmInstallFlowTests.PublishAsync(npm, closed, closed.Package("closed"), "1.0.0");

        // No token at all: the public package installs, tarball included.
        npm.Configure(null, open.Scope, closed.Scope);
        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", open.Package("open"));
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, open.Package("open")));

        // The private one is refused as before, and its tarball cannot be fetched by URL either.
        var refused = await npm.FailAsync(project, "install", closed.Package("closed"));
        refused.AssertPrinted("E401");
        using var anonymous = new HttpClient();
        using var tarball = await anonymous.GetAsync(npm.RegistryUrl + $"@{closed.Scope}/closed/-/closed-1.0.0.tgz");
        Assert.Equal(HttpStatusCode.Unauthorized, tarball.StatusCode);
    }
}
