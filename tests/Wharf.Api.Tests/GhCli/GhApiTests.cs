using System.Text;
using System.Text.Json;
using Wharf.Api.Tests.Packages;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;
using Scope = Wharf.Core.Tokens.Scope;

namespace Wharf.Api.Tests.GhCli;

/// <summary>
/// The packages API driven by the real GitHub CLI, <c>gh api</c>, pointed at Wharf as a GitHub Enterprise host
/// (<c>GH_HOST</c>, <c>GH_ENTERPRISE_TOKEN</c>, HTTPS): what a user scripts with it, from reading the login to
/// paginated lists, <c>--jq</c>, deleting and restoring a version, and gh's messages for a 404 and a 403.
/// Assertions are on what gh prints and its exit code, then on the state read back through the API.
/// </summary>
public sealed class GhApiTests : IClassFixture<HttpsPackagesServer>, IDisposable
{
    private readonly HttpsPackagesServer _fixture;
    private readonly TemporaryFolder _home;
    private readonly GhCli _gh;

    public GhApiTests(HttpsPackagesServer fixture)
    {
        // Before the folder: a skipped test never reaches Dispose.
        GhCli.Require();
        _home = new TemporaryFolder();
        _fixture = fixture;
        _gh = new GhCli(fixture.Server.BaseAddress, fixture.CertificatePath, _home.Path);
    }

    private TestSeed Seed => _fixture.Server.Seed;

    /// <summary>Where every URL the server writes must start: gh follows them (Link pages) over HTTPS only.</summary>
    private string ApiBase => $"https://{_gh.Host}/api/v3/";

    [Fact]
    public async Task Gh_api_user_prints_the_tokens_owner()
    {
        var user = await Seed.UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages);

        var json = PackagesApi.Parse(await _gh.SucceedAsync(token, "api", "user"));

        Assert.Equal(user.Login, json.GetProperty("login").GetString());
        Assert.Equal(user.Id, json.GetProperty("id").GetInt64());
        Assert.Equal($"{ApiBase}users/{user.Login}", json.GetProperty("url").GetString());
        Assert.Equal(user.Login + "\n", await _gh.SucceedAsync(token, "api", "user", "--jq", ".login"));
    }

    [Fact]
    public async Task Gh_api_lists_the_authenticated_users_npm_packages_as_json()
    {
        var user = await Seed.UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages, Scope.Repo);
        var repository = await Seed.RepositoryAsync(user, Visibility.Public);
        var cli = await Seed.PublishAsync(token, user, PackageType.Npm, "cli", "1.0.0", repository);
        await Seed.PublishAsync(token, user, PackageType.Npm, "cli", "1.1.0", repository);
        var lib = await Seed.PublishAsync(token, user, PackageType.Npm, "lib", "0.1.0", repository);
        await Seed.PublishAsync(token, user, PackageType.Container, "image", ContainerDigest.Of(user.Login), tags: ["latest"]);

        var packages = PackagesApi.Parse(await _gh.SucceedAsync(token, "api", "/user/packages?package_type=npm")).EnumerateArray().ToArray();

        Assert.Equal<string>(["cli", "lib"], packages.Select(p => p.GetProperty("name").GetString()!));
        Assert.Equal<long>([cli.Package!.Id, lib.Package!.Id], packages.Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal([2, 1], packages.Select(p => p.GetProperty("version_count").GetInt32()));
        Assert.All(packages, p => Assert.Equal("npm", p.GetProperty("package_type").GetString()));
        Assert.All(packages, p => Assert.Equal("public", p.GetProperty("visibility").GetString()));
        Assert.All(packages, p => Assert.Equal(user.Login, p.GetProperty("owner").GetProperty("login").GetString()));
        Assert.Equal($"{ApiBase}users/{user.Login}/packages/npm/cli", packages[0].GetProperty("url").GetString());

        // --jq on the list: the filter runs on Wharf's JSON as on GitHub's.
        Assert.Equal(
            "cli\t2\n",
            await _gh.SucceedAsync(token, "api", "/user/packages?package_type=npm", "--jq", ".[] | select(.version_count > 1) | [.name, .version_count] | @tsv"));
    }

    [Fact]
    public async Task Gh_api_paginate_follows_the_link_header_to_every_package_exactly_once()
    {
        var founder = await Seed.UserAsync();
        var token = await Seed.TokenAsync(founder, Scope.ReadPackages, Scope.WritePackages, Scope.Repo);
        var org = await Seed.OrganizationAsync(founder);
        var repository = await Seed.RepositoryAsync(org, Visibility.Private);
        string[] names = ["alpha", "bravo", "charlie", "delta", "echo"];
        foreach (var name in names)
        {
            await Seed.PublishAsync(token, org, PackageType.Npm, name, "1.0.0", repository);
        }

        var path = $"/orgs/{org.Login}/packages?package_type=npm&per_page=2";

        // The first page alone, with its headers: the Link gh follows is absolute and on the HTTPS host.
        var first = await _gh.SucceedAsync(token, "api", "--include", path);
        Assert.Contains(
            $"Link: <{ApiBase}orgs/{org.Login}/packages?package_type=npm&page=2&per_page=2>; rel=\"next\", " +
            $"<{ApiBase}orgs/{org.Login}/packages?package_type=npm&page=3&per_page=2>; rel=\"last\"",
            first,
            StringComparison.Ordinal);

        // gh 2.23 prints each page's array as it comes, one after the other: three pages of 2, 2 and 1.
        var pages = JsonArrays(await _gh.SucceedAsync(token, "api", "--paginate", path));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Length));
        Assert.Equal(names, pages.SelectMany(p => p).Select(p => p.GetProperty("name").GetString()));

        var lines = await _gh.SucceedAsync(token, "api", "--paginate", path, "--jq", ".[].name");
        Assert.Equal(string.Join("", names.Select(n => n + "\n")), lines);
    }

    [Fact]
    public async Task Gh_api_lists_deletes_and_restores_a_package_version()
    {
        var user = await Seed.UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);
        var repository = await Seed.RepositoryAsync(user, Visibility.Private);
        var v1 = await Seed.PublishAsync(token, user, PackageType.Npm, "tool", "1.0.0", repository);
        var v2 = await Seed.PublishAsync(token, user, PackageType.Npm, "tool", "1.1.0", repository);
        var versionsPath = $"/users/{user.Login}/packages/npm/tool/versions";
        var first = v1.Version!.Id;

        var versions = PackagesApi.Parse(await _gh.SucceedAsync(token, "api", versionsPath)).EnumerateArray().ToArray();
        Assert.Equal<long>([v2.Version!.Id, first], versions.Select(v => v.GetProperty("id").GetInt64()));
        Assert.Equal<string>(["1.1.0", "1.0.0"], versions.Select(v => v.GetProperty("name").GetString()!));
        Assert.All(versions, v => Assert.Equal("npm", v.GetProperty("metadata").GetProperty("package_type").GetString()));
        Assert.Equal($"{ApiBase}users/{user.Login}/packages/npm/tool/versions/{first}", versions[1].GetProperty("url").GetString());

        var deleted = await _gh.RunAsync(token, "api", "--method", "DELETE", $"{versionsPath}/{first}");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("", deleted.Output);
        Assert.Equal<string>(["1.1.0"], await VersionNamesAsync(token, versionsPath));
        Assert.Equal<string>(["1.0.0"], await VersionNamesAsync(token, versionsPath + "?state=deleted"));
        Assert.Equal(1, (await ReadAsync(token, $"/users/{user.Login}/packages/npm/tool")).GetProperty("version_count").GetInt32());

        var restored = await _gh.RunAsync(token, "api", "--method", "POST", $"{versionsPath}/{first}/restore");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Equal<string>(["1.1.0", "1.0.0"], await VersionNamesAsync(token, versionsPath));
        Assert.Empty(await VersionNamesAsync(token, versionsPath + "?state=deleted"));
        Assert.Equal(2, (await ReadAsync(token, $"/users/{user.Login}/packages/npm/tool")).GetProperty("version_count").GetInt32());
    }

    [Fact]
    public async Task Gh_api_reports_someone_elses_private_package_as_not_found()
    {
        var (owner, ownerToken) = await OwnerWithPrivatePackageAsync("secret");
        var stranger = await Seed.UserAsync();
        var strangerToken = await Seed.TokenAsync(stranger, Scope.ReadPackages);
        var path = $"/users/{owner.Login}/packages/npm/secret";

        // The owner reads it, so the stranger's 404 is the access rule, not a missing package.
        Assert.Equal("secret", PackagesApi.Parse(await _gh.SucceedAsync(ownerToken, "api", path)).GetProperty("name").GetString());

        var result = await _gh.RunAsync(strangerToken, "api", path);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("gh: Package not found. (HTTP 404)\n", result.Error);
        Assert.Equal("404", PackagesApi.Parse(result.Output).GetProperty("status").GetString());

        // Nor does the stranger's list of the owner's packages give it away.
        Assert.Equal("[]", await _gh.SucceedAsync(strangerToken, "api", $"/users/{owner.Login}/packages?package_type=npm"));
    }

    [Fact]
    public async Task Gh_api_reports_a_token_without_read_packages_as_forbidden_and_names_the_scope()
    {
        var (owner, ownerToken) = await OwnerWithPrivatePackageAsync("mine");
        var scopeless = await Seed.TokenAsync(owner, Scope.Repo);
        const string path = "/user/packages?package_type=npm";
        Assert.Equal("mine\n", await _gh.SucceedAsync(ownerToken, "api", path, "--jq", ".[].name"));

        var result = await _gh.RunAsync(scopeless, "api", path);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("gh: You need at least read:packages scope to list packages. (HTTP 403)", lines[0]);

        // gh compares X-Accepted-OAuth-Scopes with X-OAuth-Scopes and tells the user which scope to add.
        Assert.StartsWith("gh: This API operation needs the \"read:packages\" scope.", lines[1], StringComparison.Ordinal);
        Assert.Equal("403", PackagesApi.Parse(result.Output).GetProperty("status").GetString());
    }

    public void Dispose() => _home.Dispose();

    private async Task<(Account Owner, string Token)> OwnerWithPrivatePackageAsync(string name)
    {
        var owner = await Seed.UserAsync();
        var token = await Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages, Scope.Repo);
        var repository = await Seed.RepositoryAsync(owner, Visibility.Private);
        await Seed.PublishAsync(token, owner, PackageType.Npm, name, "1.0.0", repository);
        return (owner, token);
    }

    /// <summary>Reads back through the API with a client of its own, not gh: the state, not gh's view of it.</summary>
    private async Task<JsonElement> ReadAsync(string token, string path)
    {
        using var client = _fixture.CreateClient(token);
        using var response = await client.GetAsync("api/v3" + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return PackagesApi.Parse(body);
    }

    private async Task<string[]> VersionNamesAsync(string token, string path) =>
        (await ReadAsync(token, path)).EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToArray();

    /// <summary>The JSON arrays gh <c>--paginate</c> printed back to back, one per page.</summary>
    private static JsonElement[][] JsonArrays(string output)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        var pages = new List<JsonElement[]>();
        while (reader.Read())
        {
            pages.Add(JsonElement.ParseValue(ref reader).EnumerateArray().ToArray());
        }

        return [.. pages];
    }
}
