using System.Net;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// 401, 403 and 404 as the npm CLI shows them, the repository-scoped publish rule, and the account routes: legacy
/// login, whoami, search and audit.
/// </summary>
public sealed class NpmAccessTests(SqliteNpmServer fixture) : IClassFixture<SqliteNpmServer>
{
    [Fact]
    public async Task Without_a_token_npm_gets_401_with_githubs_challenge()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server, Visibility.Public);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        await NpmInstallFlowTests.PublishAsync(npm, owner, owner.Package("open"), "1.0.0");

        // Public packages too: GitHub's npm registry serves nothing without a token (behaviour §1.5).
        npm.Configure(null, owner.Scope);
        var view = await npm.FailAsync(npm.Root, "view", owner.Package("open"));
        view.AssertPrinted("E401");

        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(npm.RegistryUrl + $"@{owner.Scope}%2fopen");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"GitHub Package Registry\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"error":"authentication token not provided"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Strangers_get_404_readers_get_403_on_publish_and_unknown_packages_are_404()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        var package = owner.Package("guarded");
        await NpmInstallFlowTests.PublishAsync(npm, owner, package, "1.0.0");

        // A stranger cannot see a package of a private repository: it does not exist for them.
        var stranger = await server.Seed.UserAsync();
        npm.Configure(await server.Seed.TokenAsync(stranger, NpmOwner.AllScopes), owner.Scope);
        var hidden = await npm.FailAsync(npm.Root, "view", package);
        hidden.AssertPrinted("404 Not Found");

        // A reader of the repository may install but not publish.
        var reader = await server.Seed.UserAsync();
        await server.Seed.CollaboratorAsync(owner.Repository, reader, RepositoryPermission.Read);
        npm.Configure(await server.Seed.TokenAsync(reader, NpmOwner.AllScopes), owner.Scope);
        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", package);
        var publish = await npm.FailAsync(npm.CreatePackage(package, "1.1.0", owner.RepositoryUrl), "publish");
        publish.AssertPrinted("403 Forbidden");
        publish.AssertPrinted("Permission permission_denied: You need write access to the repository to publish to this package.");

        // The right role but not the scope: the message names the scopes.
        npm.Configure(await server.Seed.TokenAsync(owner.Account, Scope.ReadPackages, Scope.Repo), owner.Scope);
        var scoped = await npm.FailAsync(npm.CreatePackage(package, "1.2.0", owner.RepositoryUrl), "publish");
        scoped.AssertPrinted("403 Forbidden");
        scoped.AssertPrinted("You need at least write:packages and repo scopes");

        npm.Configure(owner.Token, owner.Scope);
        var unknown = await npm.FailAsync(npm.Root, "view", owner.Package("nothing-here"));
        unknown.AssertPrinted("404 Not Found");
        using var rest = new NpmRestApi(server, owner);
        Assert.Single(await rest.VersionsAsync("guarded"));
    }

    [Fact]
    public async Task Publishing_without_a_repository_names_what_to_add()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);

        var result = await npm.FailAsync(npm.CreatePackage(owner.Package("loose"), "1.0.0", repository: null), "publish");
        result.AssertPrinted("400 Bad Request");
        Assert.Contains(
            $"add \"repository\": \"{server.BaseAddress.ToString().TrimEnd('/')}/{owner.Account.Login}/REPOSITORY\" to package.json",
            result.Output,
            StringComparison.Ordinal);

        var elsewhere = await npm.FailAsync(npm.CreatePackage(owner.Package("loose"), "1.0.1", "https://github.com/someone-else/repo"), "publish");
        elsewhere.AssertPrinted("names someone-else/repo, which is not a repository of");
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("loose"));
    }

    [Fact]
    public async Task Organization_members_publish_to_the_organization_scope()
    {
        var server = fixture.Start();
        var admin = await server.Seed.UserAsync();
        var organization = await server.Seed.OrganizationAsync(admin);
        var repository = await server.Seed.RepositoryAsync(organization);
        var token = await server.Seed.TokenAsync(admin, NpmOwner.AllScopes);
        var scope = organization.Login.ToLowerInvariant();
        using var npm = NpmCli.Create(server, token, scope);

        var directory = npm.CreatePackage($"@{scope}/shared", "1.0.0", $"{organization.Login}/{repository.Name}");
        await npm.SucceedAsync(directory, "publish");
        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", $"@{scope}/shared");
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, $"@{scope}/shared"));
    }

    [Fact]
    public async Task Legacy_login_whoami_search_and_audit()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        await NpmInstallFlowTests.PublishAsync(npm, owner, owner.Package("findable"), "1.0.0");

        // npm login --auth-type=legacy: the user name and the token as password; npm saves the token it gets back.
        npm.Configure(null, owner.Scope);
        var login = await npm.LoginAsync(owner.Scope, owner.Account.Login, owner.Token);
        Assert.True(login.ExitCode == 0, login.ToString());
        login.AssertPrinted($"Logged in to scope @{owner.Scope}");
        Assert.Contains(owner.Token, await File.ReadAllTextAsync(Path.Combine(npm.Home, ".npmrc")), StringComparison.Ordinal);
        var whoami = await npm.SucceedAsync(npm.Root, "whoami", "--registry", npm.RegistryUrl);
        Assert.Equal(owner.Account.Login, whoami.Stdout.Trim());

        var wrong = await npm.LoginAsync(owner.Scope, owner.Account.Login, "ghp_notatoken");
        Assert.NotEqual(0, wrong.ExitCode);
        wrong.AssertPrinted("E401");

        var search = await npm.SucceedAsync(npm.Root, "search", "--registry", npm.RegistryUrl, "@" + owner.Scope);
        Assert.Contains(owner.Package("findable"), search.Stdout, StringComparison.Ordinal);
        var none = await npm.SucceedAsync(npm.Root, "search", "--registry", npm.RegistryUrl, "@" + owner.Scope, "no-such-word");
        Assert.DoesNotContain(owner.Package("findable"), none.Stdout, StringComparison.Ordinal);

        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", owner.Package("findable"));
        var audit = await npm.SucceedAsync(project, "audit", "--registry", npm.RegistryUrl);
        Assert.Contains("found 0 vulnerabilities", audit.Stdout, StringComparison.Ordinal);
    }
}
