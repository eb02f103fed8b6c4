using System.Net;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// GitHub's deletion rules over REST (behaviour §4): soft delete and the 30-day restore window (on a server whose
/// clock the tests move), namespace reuse, the last (tagged) version, the 5,000-downloads rule for public packages,
/// and container tags coming back on restore.
/// </summary>
public sealed class PackageDeletionRulesTests(ClockedPackagesServer fixture) : IClassFixture<ClockedPackagesServer>, IDisposable
{
    private const string Docs = "https://docs.github.com/rest/packages/packages#";
    private static readonly TimeSpan RestoreWindow = TimeSpan.FromDays(30);
    private readonly PackagesApi _api = new(fixture.Server);

    private TestSeed Seed => fixture.Server.Seed;

    [Theory]
    [InlineData("npm")]
    [InlineData("container")]
    public async Task A_deleted_package_is_gone_and_comes_back_when_restored_within_30_days(string type)
    {
        var owner = await OwnerAsync();
        await PublishAsync(owner, type, "app", 2);

        using (var delete = await _api.DeleteAsync(owner.Namespace.Package(type, "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await AssertGoneAsync(owner, type, "app");
        fixture.Clock.Advance(TimeSpan.FromDays(29));

        using (var restore = await _api.PostAsync(owner.Namespace.RestorePackage(type, "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, restore.StatusCode);
        }

        using var back = await _api.GetAsync(owner.Namespace.Package(type, "app"), owner.Token);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(2, (await PackagesApi.JsonAsync(back)).GetProperty("version_count").GetInt32());
        Assert.Contains("app", await ListAsync(owner, type));
    }

    [Theory]
    [InlineData("npm")]
    [InlineData("container")]
    public async Task A_package_or_version_deleted_more_than_30_days_ago_cannot_be_restored(string type)
    {
        var owner = await OwnerAsync();
        var versions = await PublishAsync(owner, type, "kept", 2);
        await PublishAsync(owner, type, "dropped", 1);
        var ns = owner.Namespace;

        using (var deletePackage = await _api.DeleteAsync(ns.Package(type, "dropped"), owner.Token))
        using (var deleteVersion = await _api.DeleteAsync(ns.Version(type, "kept", versions[0]), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deletePackage.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, deleteVersion.StatusCode);
        }

        fixture.Clock.Advance(RestoreWindow + TimeSpan.FromSeconds(1));

        using (var restorePackage = await _api.PostAsync(ns.RestorePackage(type, "dropped"), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(restorePackage, HttpStatusCode.NotFound, PackageMessages.NotFound);
        }

        using (var restoreVersion = await _api.PostAsync(ns.RestoreVersion(type, "kept", versions[0]), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(restoreVersion, HttpStatusCode.NotFound, PackageMessages.NotFound);
        }

        using var deleted = await _api.GetAsync(ns.Versions(type, "kept", "state=deleted"), owner.Token);
        Assert.Equal("[]", await deleted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_package_name_published_again_blocks_the_restore_until_the_new_package_is_deleted()
    {
        var owner = await OwnerAsync();
        var ns = owner.Namespace;
        var original = (await PublishAsync(owner, "npm", "app", 1))[0];
        using (var delete = await _api.DeleteAsync(ns.Package("npm", "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        // The name is not reserved: a new package may take it (behaviour §4.1).
        await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Npm, "app", "9.0.0", owner.Repository);
        using (var reused = await _api.GetAsync(ns.Package("npm", "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        }

        using (var refused = await _api.PostAsync(ns.RestorePackage("npm", "app"), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(refused, HttpStatusCode.Conflict, PackageMessages.PackageNameReused);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var deleteNew = await _api.DeleteAsync(ns.Package("npm", "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteNew.StatusCode);
        }

        using (var restore = await _api.PostAsync(ns.RestorePackage("npm", "app"), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, restore.StatusCode);
        }

        // The restore the 409 held back is the one that now succeeds: the original package, not the one that
        // borrowed its name and was deleted to make way for it.
        using var back = await _api.GetAsync(ns.Versions("npm", "app"), owner.Token);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var restored = Assert.Single((await PackagesApi.JsonAsync(back)).EnumerateArray());
        Assert.True(
            restored.GetProperty("id").GetInt64() == original,
            $"Restore brought back the package that reused the name (version {restored.GetProperty("name")}), not the original (version 1.0.0).");
    }

    [Fact]
    public async Task A_version_name_published_again_blocks_the_restore_until_the_new_version_is_deleted()
    {
        var owner = await OwnerAsync();
        var ns = owner.Namespace;
        var versions = await PublishAsync(owner, "npm", "app", 2);
        using (var delete = await _api.DeleteAsync(ns.Version("npm", "app", versions[1]), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var again = (await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Npm, "app", "1.0.1", owner.Repository)).Version!.Id;
        Assert.NotEqual(versions[1], again);
        using (var refused = await _api.PostAsync(ns.RestoreVersion("npm", "app", versions[1]), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(refused, HttpStatusCode.Conflict, PackageMessages.VersionNameReused);
        }

        using (var deleteNew = await _api.DeleteAsync(ns.Version("npm", "app", again), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteNew.StatusCode);
        }

        using (var restore = await _api.PostAsync(ns.RestoreVersion("npm", "app", versions[1]), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, restore.StatusCode);
        }

        using var active = await _api.GetAsync(ns.Versions("npm", "app"), owner.Token);
        Assert.Equal<long>([versions[1], versions[0]], (await PackagesApi.JsonAsync(active)).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_last_version_cannot_be_deleted_on_its_own()
    {
        var owner = await OwnerAsync();
        var versions = await PublishAsync(owner, "npm", "app", 2);
        using (var first = await _api.DeleteAsync(owner.Namespace.Version("npm", "app", versions[0]), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using var last = await _api.DeleteAsync(owner.Namespace.Version("npm", "app", versions[1]), owner.Token);
        await GitHubErrorAssert.AssertErrorAsync(last, HttpStatusCode.BadRequest, PackageMessages.LastVersion);
        using var still = await _api.GetAsync(owner.Namespace.Version("npm", "app", versions[1]), owner.Token);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task The_last_tagged_container_version_cannot_be_deleted_but_untagged_ones_can()
    {
        var owner = await OwnerAsync();
        var ns = owner.Namespace;
        async Task<long> PublishAsync(string seed, params string[] tags) =>
            (await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Container, "image", ContainerDigest.Of(owner.Account.Login + seed), tags: tags)).Version!.Id;
        var first = await PublishAsync("first", "1.0");
        var untagged = await PublishAsync("untagged");
        var latest = await PublishAsync("latest", "latest");
        var child = await PublishAsync("child");

        using (var deleteTagged = await _api.DeleteAsync(ns.Version("container", "image", first), owner.Token))
        using (var deleteUntagged = await _api.DeleteAsync(ns.Version("container", "image", untagged), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteTagged.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, deleteUntagged.StatusCode);
        }

        using (var lastTagged = await _api.DeleteAsync(ns.Version("container", "image", latest), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(lastTagged, HttpStatusCode.BadRequest, PackageMessages.LastTaggedVersion);
        }

        // Untagged versions can always go, even when the only one left besides them is tagged (behaviour §4.1).
        using var lastUntagged = await _api.DeleteAsync(ns.Version("container", "image", child), owner.Token);
        Assert.Equal(HttpStatusCode.NoContent, lastUntagged.StatusCode);
    }

    [Theory]
    [InlineData("npm")]
    [InlineData("container")]
    public async Task A_public_package_with_a_version_downloaded_over_5000_times_cannot_be_deleted(string type)
    {
        var owner = await OwnerAsync(organization: true, repositoryVisibility: Visibility.Public);
        var ns = owner.Namespace;
        var versions = await PublishAsync(owner, type, "popular", 3);
        if (type == "container")
        {
            await new PackageSettingsSeed(fixture.Server).MakePublicAsync(owner.Token, owner.Account, PackageType.Container, "popular");
        }

        await Seed.DownloadAsync(versions[0], 5001);
        await Seed.DownloadAsync(versions[1], 5000);

        using (var version = await _api.DeleteAsync(ns.Version(type, "popular", versions[0]), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(version, HttpStatusCode.BadRequest, PackageMessages.TooManyDownloads);
            var body = await PackagesApi.JsonAsync(version);
            Assert.Equal(Docs + "delete-package-version-for-an-organization", body.GetProperty("documentation_url").GetString());
        }

        using (var package = await _api.DeleteAsync(ns.Package(type, "popular"), owner.Token))
        {
            await GitHubErrorAssert.AssertErrorAsync(package, HttpStatusCode.BadRequest, PackageMessages.TooManyDownloads);
        }

        // "More than 5000": a version downloaded exactly 5000 times may go.
        using var atLimit = await _api.DeleteAsync(ns.Version(type, "popular", versions[1]), owner.Token);
        Assert.Equal(HttpStatusCode.NoContent, atLimit.StatusCode);
    }

    [Theory]
    [InlineData("npm")]
    [InlineData("container")]
    public async Task A_private_package_is_deleted_however_often_it_was_downloaded(string type)
    {
        var owner = await OwnerAsync(organization: true, repositoryVisibility: Visibility.Private);
        var versions = await PublishAsync(owner, type, "internal-tool", 2);
        await Seed.DownloadAsync(versions[0], 5001);
        await Seed.DownloadAsync(versions[1], 5001);

        using (var version = await _api.DeleteAsync(owner.Namespace.Version(type, "internal-tool", versions[0]), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, version.StatusCode);
        }

        using var package = await _api.DeleteAsync(owner.Namespace.Package(type, "internal-tool"), owner.Token);
        Assert.Equal(HttpStatusCode.NoContent, package.StatusCode);
    }

    [Fact]
    public async Task A_restored_container_version_gets_back_the_tags_no_other_version_took()
    {
        var owner = await OwnerAsync();
        var ns = owner.Namespace;
        var login = owner.Account.Login;
        var old = (await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Container, "image", ContainerDigest.Of(login + "old"), tags: ["1.0", "stable"])).Version!.Id;
        var current = (await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Container, "image", ContainerDigest.Of(login + "current"), tags: ["latest"])).Version!.Id;
        using (var delete = await _api.DeleteAsync(ns.Version("container", "image", old), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Empty(await TagsAsync(owner, old, deleted: true));

        // "stable" goes to a new version while the old one is deleted; "1.0" stays free.
        var newer = (await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Container, "image", ContainerDigest.Of(login + "newer"), tags: ["stable"])).Version!.Id;
        using (var restore = await _api.PostAsync(ns.RestoreVersion("container", "image", old), owner.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, restore.StatusCode);
        }

        Assert.Equal<string>(["1.0"], await TagsAsync(owner, old));
        Assert.Equal<string>(["stable"], await TagsAsync(owner, newer));
        Assert.Equal<string>(["latest"], await TagsAsync(owner, current));
    }

    [Fact]
    public async Task A_package_admin_who_is_not_the_owning_user_deletes_through_the_users_route()
    {
        var owner = await OwnerAsync();
        await PublishAsync(owner, "container", "shared", 1);
        var settings = new PackageSettingsSeed(fixture.Server);
        async Task<string> GranteeAsync(PackageRole role)
        {
            var user = await Seed.UserAsync();
            await settings.GrantAsync(owner.Token, owner.Account, PackageType.Container, "shared", user, role);
            return await Seed.TokenAsync(user, Scope.ReadPackages, Scope.DeletePackages);
        }

        var writer = await GranteeAsync(PackageRole.Write);
        var admin = await GranteeAsync(PackageRole.Admin);

        // OpenAPI, delete-package-for-user: the caller needs admin on the package, not to be the user.
        using (var refused = await _api.DeleteAsync(owner.Namespace.Package("container", "shared"), writer))
        {
            await GitHubErrorAssert.AssertErrorAsync(refused, HttpStatusCode.Forbidden);
        }

        using var deleted = await _api.DeleteAsync(owner.Namespace.Package("container", "shared"), admin);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    public void Dispose() => _api.Dispose();

    private async Task<Owner> OwnerAsync(bool organization = false, Visibility repositoryVisibility = Visibility.Private)
    {
        var user = await Seed.UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);
        var account = organization ? await Seed.OrganizationAsync(user) : user;
        var repository = await Seed.RepositoryAsync(account, repositoryVisibility);
        var ns = organization ? PackageNamespace.Organization(account.Login) : PackageNamespace.User(account.Login);
        return new Owner(account, token, ns, repository);
    }

    /// <summary>Publishes versions oldest first: npm 1.0.0, 1.0.1, … linked to the owner's repository; containers each tagged.</summary>
    private async Task<long[]> PublishAsync(Owner owner, string type, string name, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var published = type == "npm"
                ? await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Npm, name, $"1.0.{i}", owner.Repository)
                : await Seed.PublishAsync(owner.Token, owner.Account, PackageType.Container, name, ContainerDigest.Of($"{owner.Account.Login}/{name}/{i}"), tags: [$"v{i}"]);
            ids[i] = published.Version!.Id;
        }

        return ids;
    }

    private async Task AssertGoneAsync(Owner owner, string type, string name)
    {
        using var package = await _api.GetAsync(owner.Namespace.Package(type, name), owner.Token);
        await GitHubErrorAssert.AssertErrorAsync(package, HttpStatusCode.NotFound, PackageMessages.NotFound);
        using var versions = await _api.GetAsync(owner.Namespace.Versions(type, name), owner.Token);
        await GitHubErrorAssert.AssertErrorAsync(versions, HttpStatusCode.NotFound, PackageMessages.NotFound);
        Assert.DoesNotContain(name, await ListAsync(owner, type));
    }

    private async Task<IReadOnlyList<string>> ListAsync(Owner owner, string type)
    {
        using var list = await _api.GetAsync(owner.Namespace.Packages(type), owner.Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return await PackagesApi.NamesAsync(list);
    }

    /// <summary>A container version's tags, read from the list of active (or deleted) versions.</summary>
    private async Task<IReadOnlyList<string>> TagsAsync(Owner owner, long versionId, bool deleted = false)
    {
        using var list = await _api.GetAsync(owner.Namespace.Versions("container", "image", deleted ? "state=deleted" : null), owner.Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var version = (await PackagesApi.JsonAsync(list)).EnumerateArray().Single(v => v.GetProperty("id").GetInt64() == versionId);
        return version.GetProperty("metadata").GetProperty("container").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
    }

    private sealed record Owner(Account Account, string Token, PackageNamespace Namespace, Repository Repository);
}
