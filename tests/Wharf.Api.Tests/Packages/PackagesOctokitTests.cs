using System.Net;
using Octokit;
using Wharf.Testing.Server;
using Xunit;
using Account = Wharf.Core.Accounts.Account;
using CorePackageType = Wharf.Core.Packages.PackageType;
using CoreVisibility = Wharf.Core.Repositories.Visibility;
using Scope = Wharf.Core.Tokens.Scope;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// The packages API driven by a real client, Octokit (the library GitHub's .NET users script against), through
/// every packages call it offers: lists (following Link pages), gets, deletes and restores of packages and versions,
/// for an organization, a named user and the authenticated user. Assertions are on what Octokit returns.
/// </summary>
public sealed class PackagesOctokitTests(SqlitePackagesServer fixture) : IClassFixture<SqlitePackagesServer>
{
    private readonly WharfTestServer _server = fixture.Start();

    private TestSeed Seed => _server.Seed;

    [Fact]
    public async Task Octokit_lists_reads_deletes_and_restores_an_organizations_packages()
    {
        var founder = await Seed.UserAsync();
        var token = await Seed.TokenAsync(founder, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);
        var org = await Seed.OrganizationAsync(founder);
        var repository = await Seed.RepositoryAsync(org, CoreVisibility.Private);
        var web1 = await Seed.PublishAsync(token, org, CorePackageType.Container, "web", ContainerDigest.Of(org.Login + "web1"), tags: ["1.0"]);
        var web2 = await Seed.PublishAsync(token, org, CorePackageType.Container, "web", ContainerDigest.Of(org.Login + "web2"), tags: ["latest", "2.0"]);
        var api = await Seed.PublishAsync(token, org, CorePackageType.Container, "api", ContainerDigest.Of(org.Login + "api"), tags: ["latest"]);
        await new PackageSettingsSeed(_server).MakePublicAsync(token, org, CorePackageType.Container, "api");
        var lib1 = await Seed.PublishAsync(token, org, CorePackageType.Npm, "lib", "1.0.0", repository);
        var lib2 = await Seed.PublishAsync(token, org, CorePackageType.Npm, "lib", "1.1.0", repository);
        var client = Client(token);

        var containers = await client.Packages.GetAllForOrg(org.Login, PackageType.Container);
        Assert.Equal<string>(["web", "api"], containers.Select(p => p.Name));
        Assert.Equal<long>([web1.Package!.Id, api.Package!.Id], containers.Select(p => p.Id));
        Assert.Equal([PackageVisibility.Private, PackageVisibility.Public], containers.Select(p => p.Visibility.Value));
        Assert.Equal([2, 1], containers.Select(p => p.VersionCount));
        Assert.All(containers, p => Assert.Equal(org.Login, p.Owner.Login));
        Assert.All(containers, p => Assert.Equal(PackageType.Container, p.PackageType.Value));

        var onlyPublic = await client.Packages.GetAllForOrg(org.Login, PackageType.Container, PackageVisibility.Public);
        Assert.Equal("api", Assert.Single(onlyPublic).Name);

        // One per page: Octokit follows the Link header to the end.
        var paged = await client.Packages.GetAllForOrg(org.Login, PackageType.Container, new ApiOptions { PageSize = 1 });
        Assert.Equal<string>(["web", "api"], paged.Select(p => p.Name));

        var lib = await client.Packages.GetForOrg(org.Login, PackageType.Npm, "lib");
        Assert.Equal(lib1.Package!.Id, lib.Id);
        Assert.Equal(PackageType.Npm, lib.PackageType.Value);
        Assert.Equal(PackageVisibility.Private, lib.Visibility.Value);
        Assert.Equal(2, lib.VersionCount);

        var versions = await client.Packages.PackageVersions.GetAllForOrg(org.Login, PackageType.Container, "web", PackageVersionState.Active, ApiOptions.None);
        Assert.Equal<long>([web2.Version!.Id, web1.Version!.Id], versions.Select(v => v.Id));
        Assert.Equal<string>([web2.Version.Name, web1.Version.Name], versions.Select(v => v.Name));
        Assert.Equal<string>(["2.0", "latest"], versions[0].Metadata.Container.Tags);
        Assert.All(versions, v => Assert.Equal("container", v.Metadata.PackageType));

        var first = await client.Packages.PackageVersions.GetForOrg(org.Login, PackageType.Container, "web", (int)web1.Version.Id);
        Assert.Equal<string>(["1.0"], first.Metadata.Container.Tags);
        Assert.EndsWith($"/orgs/{org.Login}/packages/container/web/versions/{web1.Version.Id}", first.Url, StringComparison.Ordinal);

        await client.Packages.PackageVersions.DeleteForOrg(org.Login, PackageType.Container, "web", (int)web1.Version.Id);
        var deleted = await client.Packages.PackageVersions.GetAllForOrg(org.Login, PackageType.Container, "web", PackageVersionState.Deleted, ApiOptions.None);
        Assert.Equal(web1.Version.Id, Assert.Single(deleted).Id);
        await client.Packages.PackageVersions.RestoreForOrg(org.Login, PackageType.Container, "web", (int)web1.Version.Id);
        var restored = await client.Packages.PackageVersions.GetForOrg(org.Login, PackageType.Container, "web", (int)web1.Version.Id);
        Assert.Equal<string>(["1.0"], restored.Metadata.Container.Tags);

        await client.Packages.DeleteForOrg(org.Login, PackageType.Npm, "lib");
        await Assert.ThrowsAsync<NotFoundException>(() => client.Packages.GetForOrg(org.Login, PackageType.Npm, "lib"));
        await client.Packages.RestoreForOrg(org.Login, PackageType.Npm, "lib");
        Assert.Equal(2, (await client.Packages.GetForOrg(org.Login, PackageType.Npm, "lib")).VersionCount);

        // GitHub's deletion rules reach the script as Octokit's exceptions, with GitHub's message.
        await client.Packages.PackageVersions.DeleteForOrg(org.Login, PackageType.Npm, "lib", (int)lib1.Version!.Id);
        var last = await Assert.ThrowsAnyAsync<ApiException>(() =>
            client.Packages.PackageVersions.DeleteForOrg(org.Login, PackageType.Npm, "lib", (int)lib2.Version!.Id));
        Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        Assert.Equal("You cannot delete the last version of a package. You must delete the package instead.", last.Message);
    }

    [Fact]
    public async Task Octokit_lists_reads_deletes_and_restores_packages_of_a_user_and_of_the_authenticated_user()
    {
        var user = await Seed.UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);
        var repository = await Seed.RepositoryAsync(user, CoreVisibility.Public);
        var tool1 = await Seed.PublishAsync(token, user, CorePackageType.Container, "tool", ContainerDigest.Of(user.Login + "tool1"), tags: ["1.0"]);
        var tool2 = await Seed.PublishAsync(token, user, CorePackageType.Container, "tool", ContainerDigest.Of(user.Login + "tool2"), tags: ["latest"]);
        var cli1 = await Seed.PublishAsync(token, user, CorePackageType.Npm, "cli", "0.1.0", repository, description: "A CLI", license: "MIT");
        var cli2 = await Seed.PublishAsync(token, user, CorePackageType.Npm, "cli", "0.2.0", repository, description: "A CLI", license: "MIT");
        var client = Client(token);

        // The authenticated user's namespace.
        var mine = await client.Packages.GetAllForActiveUser(PackageType.Container);
        Assert.Equal(tool1.Package!.Id, Assert.Single(mine).Id);
        Assert.Empty(await client.Packages.GetAllForActiveUser(PackageType.Container, PackageVisibility.Public));
        var tool = await client.Packages.GetForActiveUser(PackageType.Container, "tool");
        Assert.Equal(("tool", 2, PackageVisibility.Private), (tool.Name, tool.VersionCount, tool.Visibility.Value));
        var toolVersions = await client.Packages.PackageVersions.GetAllForActiveUser(PackageType.Container, "tool", PackageVersionState.Active, ApiOptions.None);
        Assert.Equal<long>([tool2.Version!.Id, tool1.Version!.Id], toolVersions.Select(v => v.Id));
        var latest = await client.Packages.PackageVersions.GetForActiveUser(PackageType.Container, "tool", (int)tool2.Version.Id);
        Assert.Equal<string>(["latest"], latest.Metadata.Container.Tags);
        await client.Packages.PackageVersions.DeleteForActiveUser(PackageType.Container, "tool", (int)tool1.Version.Id);
        Assert.Equal(tool1.Version.Id, Assert.Single(
            await client.Packages.PackageVersions.GetAllForActiveUser(PackageType.Container, "tool", PackageVersionState.Deleted, ApiOptions.None)).Id);
        await client.Packages.PackageVersions.RestoreForActiveUser(PackageType.Container, "tool", (int)tool1.Version.Id);
        await client.Packages.DeleteForActiveUser(PackageType.Container, "tool");
        await Assert.ThrowsAsync<NotFoundException>(() => client.Packages.GetForActiveUser(PackageType.Container, "tool"));
        await client.Packages.RestoreForActiveUser(PackageType.Container, "tool");
        Assert.Equal(2, (await client.Packages.GetForActiveUser(PackageType.Container, "tool")).VersionCount);

        // The same user addressed by name.
        var npm = await client.Packages.GetAllForUser(user.Login, PackageType.Npm);
        Assert.Equal(("cli", PackageVisibility.Public), (Assert.Single(npm).Name, npm[0].Visibility.Value));
        Assert.Equal("cli", Assert.Single(await client.Packages.GetAllForUser(user.Login, PackageType.Npm, PackageVisibility.Public)).Name);
        Assert.Equal(cli1.Package!.Id, (await client.Packages.GetForUser(user.Login, PackageType.Npm, "cli")).Id);
        var cliVersions = await client.Packages.PackageVersions.GetAllForUser(user.Login, PackageType.Npm, "cli", PackageVersionState.Active, ApiOptions.None);
        Assert.Equal<string>(["0.2.0", "0.1.0"], cliVersions.Select(v => v.Name));
        Assert.All(cliVersions, v => Assert.Equal("npm", v.Metadata.PackageType));
        Assert.Equal("0.1.0", (await client.Packages.PackageVersions.GetForUser(user.Login, PackageType.Npm, "cli", (int)cli1.Version!.Id)).Name);
        await client.Packages.PackageVersions.DeleteForUser(user.Login, PackageType.Npm, "cli", (int)cli2.Version!.Id);
        Assert.Equal("0.2.0", Assert.Single(
            await client.Packages.PackageVersions.GetAllForUser(user.Login, PackageType.Npm, "cli", PackageVersionState.Deleted, ApiOptions.None)).Name);
        await client.Packages.PackageVersions.RestoreForUser(user.Login, PackageType.Npm, "cli", (int)cli2.Version.Id);
        await client.Packages.DeleteForUser(user.Login, PackageType.Npm, "cli");
        Assert.Empty(await client.Packages.GetAllForUser(user.Login, PackageType.Npm));
        await client.Packages.RestoreForUser(user.Login, PackageType.Npm, "cli");
        Assert.Equal(2, (await client.Packages.GetForUser(user.Login, PackageType.Npm, "cli")).VersionCount);
    }

    [Fact]
    public async Task Octokit_reports_what_a_stranger_and_a_token_without_read_packages_get()
    {
        var owner = await Seed.UserAsync();
        var ownerToken = await Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages);
        await Seed.PublishAsync(ownerToken, owner, CorePackageType.Container, "secret", ContainerDigest.Of(owner.Login), tags: ["latest"]);
        var stranger = await StrangerAsync(Scope.ReadPackages);
        var scopeless = Client(await Seed.TokenAsync(owner, Scope.Repo));

        await Assert.ThrowsAsync<NotFoundException>(() => stranger.Packages.GetForUser(owner.Login, PackageType.Container, "secret"));
        Assert.Empty(await stranger.Packages.GetAllForUser(owner.Login, PackageType.Container));
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() => scopeless.Packages.GetAllForActiveUser(PackageType.Container));
        Assert.Equal("You need at least read:packages scope to list packages.", forbidden.Message);
    }

    private GitHubClient Client(string token) =>
        new(new ProductHeaderValue("wharf-tests"), _server.ApiAddress) { Credentials = new Credentials(token) };

    private async Task<GitHubClient> StrangerAsync(params string[] scopes)
    {
        Account stranger = await Seed.UserAsync();
        return Client(await Seed.TokenAsync(stranger, scopes));
    }
}
