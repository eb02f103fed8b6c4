using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Contract;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// The 27 packages operations called for real and checked against GitHub's OpenAPI description (status, schema, and
/// every field GitHub's examples show), with the REST conventions around them (behaviour §6): error bodies,
/// pagination and its Link header, the list filters, GitHub's headers and API versions.
/// </summary>
public sealed partial class PackagesContractTests(SqlitePackagesServer fixture) : IClassFixture<SqlitePackagesServer>, IDisposable
{
    private static readonly string[] AllScopes = [Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo];
    private readonly WharfTestServer _server = fixture.Start();
    private readonly PackagesApi _api = new(fixture.Start());

    private TestSeed Seed => _server.Seed;

    [Theory]
    [InlineData("user", "npm")]
    [InlineData("user", "container")]
    [InlineData("users", "npm")]
    [InlineData("users", "container")]
    [InlineData("orgs", "npm")]
    [InlineData("orgs", "container")]
    public async Task Every_operation_of_a_namespace_answers_as_the_spec_declares(string kind, string type)
    {
        var subject = await PublishAsync(kind, type);
        var (ns, name, token) = (subject.Namespace, subject.Name, subject.Token);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        string[] packageWaivers = type == "container" ? ["repository"] : [];

        // Container images often carry no description or licence label; npm versions always carry both here.
        string[] versionWaivers = type == "npm" ? ["metadata.container"] : ["description", "license"];

        using (var list = await _api.GetAsync(ns.Packages(type), token))
        {
            var body = await AssertContractAsync(list, HttpStatusCode.OK, covered, packageWaivers);
            AssertPackage(subject, Assert.Single(PackagesApi.Parse(body).EnumerateArray()), versionCount: 3);
        }

        using (var conflicts = await _api.GetAsync(ns.DockerConflicts, token))
        {
            Assert.Equal("[]", await AssertContractAsync(conflicts, HttpStatusCode.OK, covered));
        }

        using (var package = await _api.GetAsync(ns.Package(type, name), token))
        {
            var body = await AssertContractAsync(package, HttpStatusCode.OK, covered, packageWaivers);
            AssertPackage(subject, PackagesApi.Parse(body), versionCount: 3);
        }

        using (var versions = await _api.GetAsync(ns.Versions(type, name), token))
        {
            var body = await AssertContractAsync(versions, HttpStatusCode.OK, covered, versionWaivers);
            var items = PackagesApi.Parse(body).EnumerateArray().ToArray();
            Assert.Equal(subject.Versions.Select(v => v.Id).Reverse(), items.Select(i => i.GetProperty("id").GetInt64()));
            Assert.All(items, i => Assert.Equal(type, i.GetProperty("metadata").GetProperty("package_type").GetString()));
            if (type == "container")
            {
                Assert.Equal<string>(["v3", "v2", "v1"], items.Select(i => Assert.Single(Tags(i))));
            }
        }

        var oldest = subject.Versions[0];
        using (var version = await _api.GetAsync(ns.Version(type, name, oldest.Id), token))
        {
            var body = await AssertContractAsync(version, HttpStatusCode.OK, covered, versionWaivers);
            var json = PackagesApi.Parse(body);
            Assert.Equal(oldest.Name, json.GetProperty("name").GetString());
            Assert.Equal($"{PackageUrl(subject)}/versions/{oldest.Id}", json.GetProperty("url").GetString());
            Assert.False(json.TryGetProperty("deleted_at", out _), "An active version has no deleted_at.");
        }

        using (var delete = await _api.DeleteAsync(ns.Version(type, name, oldest.Id), token))
        {
            await AssertContractAsync(delete, HttpStatusCode.NoContent, covered);
        }

        using (var deleted = await _api.GetAsync(ns.Versions(type, name, "state=deleted"), token))
        {
            var body = await AssertContractAsync(deleted, HttpStatusCode.OK, covered, [.. versionWaivers, "deleted_at"]);
            var item = Assert.Single(PackagesApi.Parse(body).EnumerateArray());
            Assert.Equal(oldest.Id, item.GetProperty("id").GetInt64());
            Assert.True(item.TryGetProperty("deleted_at", out var deletedAt) && deletedAt.GetDateTime() > DateTime.MinValue);
        }

        using (var restore = await _api.PostAsync(ns.RestoreVersion(type, name, oldest.Id), token))
        {
            await AssertContractAsync(restore, HttpStatusCode.NoContent, covered);
        }

        using (var restored = await _api.GetAsync(ns.Version(type, name, oldest.Id), token))
        {
            var json = await PackagesApi.JsonAsync(restored);
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
            if (type == "container")
            {
                Assert.Equal<string>(["v1"], Tags(json));
            }
        }

        using (var delete = await _api.DeleteAsync(ns.Package(type, name), token))
        {
            await AssertContractAsync(delete, HttpStatusCode.NoContent, covered);
        }

        using (var gone = await _api.GetAsync(ns.Package(type, name), token))
        {
            await GitHubErrorAssert.AssertErrorAsync(gone, HttpStatusCode.NotFound, PackageMessages.NotFound);
        }

        // The optional "token" parameter of package restore is accepted and changes nothing (behaviour §4.1).
        using (var restore = await _api.PostAsync(ns.RestorePackage(type, name, "token=anything"), token))
        {
            await AssertContractAsync(restore, HttpStatusCode.NoContent, covered);
        }

        using (var back = await _api.GetAsync(ns.Package(type, name), token))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            AssertPackage(subject, await PackagesApi.JsonAsync(back), versionCount: 3);
        }

        var prefix = kind switch { "user" => "/user/", "users" => "/users/{username}/", _ => "/orgs/{org}/" };
        var operations = OpenApiContract.Document.Operations
            .Where(o => o.PathTemplate.StartsWith(prefix, StringComparison.Ordinal))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.PathTemplate}");
        Assert.Equal(operations.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("users")]
    [InlineData("orgs")]
    public async Task Errors_are_githubs_body_and_match_the_spec_where_it_declares_them(string kind)
    {
        var subject = await PublishAsync(kind, "npm");
        var (ns, name, token) = (subject.Namespace, subject.Name, subject.Token);
        var repoOnly = await Seed.TokenAsync(subject.User, Scope.Repo);
        var versionId = subject.Versions[^1].Id;
        var unknownOwner = kind == "orgs" ? PackageNamespace.Organization("no-such-org") : PackageNamespace.User("no-such-user");
        const string Read = "read:packages";
        const string Delete = "delete:packages, read:packages";
        const string Restore = "read:packages, write:packages";
        var calls = new (HttpMethod Method, string Path, string Accepted, string? UnknownPath, string NotFoundMessage)[]
        {
            (HttpMethod.Get, ns.Packages("npm"), Read, kind == "user" ? null : unknownOwner.Packages("npm"), GitHubError.NotFound),
            (HttpMethod.Get, ns.DockerConflicts, Read, kind == "user" ? null : unknownOwner.DockerConflicts, GitHubError.NotFound),
            (HttpMethod.Get, ns.Package("npm", name), Read, ns.Package("npm", "no-such-package"), PackageMessages.NotFound),
            (HttpMethod.Delete, ns.Package("npm", name), Delete, ns.Package("npm", "no-such-package"), PackageMessages.NotFound),
            (HttpMethod.Post, ns.RestorePackage("npm", name), Restore, ns.RestorePackage("npm", "no-such-package"), PackageMessages.NotFound),
            (HttpMethod.Get, ns.Versions("npm", name), Read, ns.Versions("npm", "no-such-package"), PackageMessages.NotFound),
            (HttpMethod.Get, ns.Version("npm", name, versionId), Read, ns.Version("npm", name, 987_654_321), PackageMessages.NotFound),
            (HttpMethod.Delete, ns.Version("npm", name, versionId), Delete, ns.Version("npm", name, 987_654_321), PackageMessages.NotFound),
            (HttpMethod.Post, ns.RestoreVersion("npm", name, versionId), Restore, ns.RestoreVersion("npm", name, versionId), PackageMessages.NotFound),
        };

        foreach (var call in calls)
        {
            using var anonymous = await _api.SendAsync(call.Method, call.Path, null);
            await GitHubErrorAssert.AssertDeclaredErrorAsync(anonymous, HttpStatusCode.Unauthorized, GitHubError.RequiresAuthentication);

            using var scopeless = await _api.SendAsync(call.Method, call.Path, repoOnly);
            var message = await GitHubErrorAssert.AssertDeclaredErrorAsync(scopeless, HttpStatusCode.Forbidden);
            Assert.StartsWith("You need at least ", message, StringComparison.Ordinal);
            Assert.Equal(call.Accepted, Header(scopeless, "X-Accepted-OAuth-Scopes"));

            if (call.UnknownPath is { } unknown)
            {
                // Restoring an active version is as unknown as restoring a missing one: nothing deleted has that id.
                using var missing = await _api.SendAsync(call.Method, unknown, token);
                await GitHubErrorAssert.AssertDeclaredErrorAsync(missing, HttpStatusCode.NotFound, call.NotFoundMessage);
            }
        }
    }

    [Fact]
    public async Task A_member_token_not_authorised_for_sso_gets_githubs_saml_answer_on_every_org_operation()
    {
        var subject = await PublishAsync("orgs", "npm");
        var (ns, name) = (subject.Namespace, subject.Name);
        var member = await Seed.UserAsync();
        await Seed.AddMemberAsync(subject.Owner, member);
        var unauthorised = await Seed.TokenAsync(member, AllScopes);
        var authorised = await Seed.TokenAsync(member, AllScopes);
        await Seed.AuthorizeSsoAsync(authorised, subject.Owner);
        await Seed.EnforceSsoAsync(subject.Owner);
        var versionId = subject.Versions[^1].Id;
        var calls = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, ns.Packages("npm")),
            (HttpMethod.Get, ns.DockerConflicts),
            (HttpMethod.Get, ns.Package("npm", name)),
            (HttpMethod.Delete, ns.Package("npm", name)),
            (HttpMethod.Post, ns.RestorePackage("npm", name)),
            (HttpMethod.Get, ns.Versions("npm", name)),
            (HttpMethod.Get, ns.Version("npm", name, versionId)),
            (HttpMethod.Delete, ns.Version("npm", name, versionId)),
            (HttpMethod.Post, ns.RestoreVersion("npm", name, versionId)),
        };

        var failures = new List<string>();
        foreach (var (method, path) in calls)
        {
            using var response = await _api.SendAsync(method, path, unauthorised);
            var body = await response.Content.ReadAsStringAsync();
            var sso = response.Headers.TryGetValues("X-GitHub-SSO", out var values) ? values.Single() : "(none)";
            if (response.StatusCode != HttpStatusCode.Forbidden ||
                !sso.StartsWith($"required; url={_server.BaseAddress.AbsoluteUri}orgs/{subject.Owner.Login}/sso?authorization_request=", StringComparison.Ordinal))
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode}, X-GitHub-SSO {sso}: {body}");
                continue;
            }

            await GitHubErrorAssert.AssertDeclaredErrorAsync(
                response, HttpStatusCode.Forbidden,
                "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.");
        }

        Assert.True(failures.Count == 0, "Calls that let an SSO-unauthorised member token through:\n" + string.Join("\n", failures));

        // The same member with an authorised token gets on as any member does.
        using var list = await _api.GetAsync(ns.Packages("npm"), authorised);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_container_name_with_a_slash_is_addressed_with_percent_2F()
    {
        var subject = await PublishAsync("orgs", "container", name: "team/app");

        using var package = await _api.GetAsync(subject.Namespace.Package("container", "team/app"), subject.Token);
        var json = await PackagesApi.JsonAsync(package);
        Assert.Equal(HttpStatusCode.OK, package.StatusCode);
        Assert.Equal("team/app", json.GetProperty("name").GetString());
        Assert.EndsWith("/packages/container/team%2Fapp", json.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/packages/container/package/team%2Fapp", json.GetProperty("html_url").GetString(), StringComparison.Ordinal);

        // Unescaped, the slash is a path separator: no such route, GitHub's plain 404.
        using var unescaped = await _api.GetAsync($"{subject.Namespace.Prefix}/packages/container/team/app", subject.Token);
        await GitHubErrorAssert.AssertErrorAsync(unescaped, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Package_lists_link_next_last_first_and_prev_and_keep_the_other_parameters()
    {
        var (org, token) = await OrganizationAsync();
        var ns = PackageNamespace.Organization(org.Login);
        string[] names = ["pkg-1", "pkg-2", "pkg-3", "pkg-4", "pkg-5"];
        foreach (var name in names)
        {
            await Seed.PublishAsync(token, org, PackageType.Container, name, ContainerDigest.Of(name), tags: ["latest"]);
        }

        using var first = await _api.GetAsync(ns.Packages("container", "visibility=private&per_page=2"), token);
        await AssertContractAsync(first, HttpStatusCode.OK, null, "repository");
        var links = LinkHeader.Parse(first);
        Assert.Equal<string>(["last", "next"], links.Keys.Order(StringComparer.Ordinal));
        AssertLink(links["next"], ns, page: 2);
        AssertLink(links["last"], ns, page: 3);

        var seen = new List<string>(await PackagesApi.NamesAsync(first));
        var next = links["next"];
        var pages = 1;
        while (true)
        {
            using var page = await _api.GetAsync(next.PathAndQuery, token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange(await PackagesApi.NamesAsync(page));
            pages++;
            var pageLinks = LinkHeader.Parse(page);
            AssertLink(pageLinks["first"], ns, page: 1);
            AssertLink(pageLinks["prev"], ns, page: pages - 1);
            if (!pageLinks.TryGetValue("next", out var following))
            {
                Assert.False(pageLinks.ContainsKey("last"), "The last page links no last.");
                break;
            }

            AssertLink(pageLinks["last"], ns, page: 3);
            next = following;
        }

        Assert.Equal(3, pages);
        Assert.Equal(names, seen);

        using var past = await _api.GetAsync(ns.Packages("container", "visibility=private&per_page=2&page=4"), token);
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal("[]", await past.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_lists_give_30_by_default_and_at_most_100_per_page()
    {
        var (user, token) = await UserAsync();
        var ns = PackageNamespace.User(user.Login);
        for (var i = 0; i < 101; i++)
        {
            await Seed.PublishAsync(token, user, PackageType.Container, "many", ContainerDigest.Of($"{user.Login}-{i}"), tags: i == 100 ? ["latest"] : null);
        }

        using var byDefault = await _api.GetAsync(ns.Versions("container", "many"), token);
        Assert.Equal(30, (await PackagesApi.JsonAsync(byDefault)).GetArrayLength());
        Assert.Equal("4", LinkHeader.Query(LinkHeader.Parse(byDefault)["last"])["page"]);

        using var tooMany = await _api.GetAsync(ns.Versions("container", "many", "per_page=1000"), token);
        await AssertContractAsync(tooMany, HttpStatusCode.OK, null, "description", "license");
        Assert.Equal(100, (await PackagesApi.JsonAsync(tooMany)).GetArrayLength());
        var links = LinkHeader.Parse(tooMany);
        Assert.Equal("100", LinkHeader.Query(links["next"])["per_page"]);
        Assert.Equal("2", LinkHeader.Query(links["last"])["page"]);

        using var second = await _api.GetAsync(ns.Versions("container", "many", "per_page=100&page=2"), token);
        Assert.Equal(1, (await PackagesApi.JsonAsync(second)).GetArrayLength());

        using var past = await _api.GetAsync(ns.Versions("container", "many", "per_page=100&page=3"), token);
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal("[]", await past.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_visibility_filter_narrows_the_list_and_internal_means_private_for_repository_scoped_types()
    {
        var (org, token) = await OrganizationAsync();
        var ns = PackageNamespace.Organization(org.Login);
        await Seed.PublishAsync(token, org, PackageType.Container, "open", ContainerDigest.Of("open"), tags: ["latest"]);
        await new PackageSettingsSeed(_server).MakePublicAsync(token, org, PackageType.Container, "open");
        await Seed.PublishAsync(token, org, PackageType.Container, "closed", ContainerDigest.Of("closed"), tags: ["latest"]);
        var publicRepository = await Seed.RepositoryAsync(org, Visibility.Public);
        var privateRepository = await Seed.RepositoryAsync(org, Visibility.Private);
        await Seed.PublishAsync(token, org, PackageType.Npm, "npm-open", "1.0.0", publicRepository);
        await Seed.PublishAsync(token, org, PackageType.Npm, "npm-closed", "1.0.0", privateRepository);

        Assert.Equal<string>(["open", "closed"], await ListAsync("container", null));
        Assert.Equal<string>(["open"], await ListAsync("container", "public"));
        Assert.Equal<string>(["closed"], await ListAsync("container", "private"));
        Assert.Empty(await ListAsync("container", "internal"));
        Assert.Equal<string>(["npm-open"], await ListAsync("npm", "public"));
        Assert.Equal<string>(["npm-closed"], await ListAsync("npm", "private"));
        Assert.Equal<string>(["npm-closed"], await ListAsync("npm", "internal"));

        using var invalid = await _api.GetAsync(ns.Packages("container", "visibility=secret"), token);
        await GitHubErrorAssert.AssertErrorAsync(invalid, HttpStatusCode.UnprocessableEntity);

        async Task<IReadOnlyList<string>> ListAsync(string type, string? visibility)
        {
            using var response = await _api.GetAsync(ns.Packages(type, visibility is null ? null : "visibility=" + visibility), token);
            await OpenApiContract.AssertResponseAsync(response);
            return await PackagesApi.NamesAsync(response);
        }
    }

    [Theory]
    [InlineData("user")]
    [InlineData("users")]
    [InlineData("orgs")]
    public async Task A_list_beyond_10000_results_is_a_400(string kind)
    {
        var subject = await PublishAsync(kind, "npm");

        using var beyond = await _api.GetAsync(subject.Namespace.Packages("npm", "page=101&per_page=100"), subject.Token);
        await GitHubErrorAssert.AssertErrorAsync(
            beyond, HttpStatusCode.BadRequest, "The value of `per_page` multiplied by `page` cannot be greater than 10000.");

        using var last = await _api.GetAsync(subject.Namespace.Packages("npm", "page=100&per_page=100"), subject.Token);
        await OpenApiContract.AssertResponseAsync(last);
        Assert.Equal("[]", await last.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?package_type=pypi")]
    public async Task A_list_without_a_valid_package_type_is_a_422(string query)
    {
        var (_, token) = await UserAsync();

        using var response = await _api.GetAsync(PackageNamespace.AuthenticatedUser.PackagesWithQuery(query), token);
        var message = await GitHubErrorAssert.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("package_type", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_the_scope_request_id_and_media_type_headers()
    {
        var (user, _) = await UserAsync();
        var token = await Seed.TokenAsync(user, Scope.ReadPackages, Scope.Repo);
        var ns = PackageNamespace.AuthenticatedUser;

        using var list = await _api.GetAsync(ns.Packages("npm"), token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(
            new[] { Scope.ReadPackages, Scope.Repo }.Order(StringComparer.Ordinal),
            Header(list, "X-OAuth-Scopes").Split(", ").Order(StringComparer.Ordinal));
        Assert.Equal("read:packages", Header(list, "X-Accepted-OAuth-Scopes"));
        Assert.Equal("github.v3; format=json", Header(list, "X-GitHub-Media-Type"));
        Assert.Matches(RequestId(), Header(list, "X-GitHub-Request-Id"));
        Assert.Equal("application/json; charset=utf-8", list.Content.Headers.ContentType?.ToString());

        using var delete = await _api.DeleteAsync(ns.Package("npm", "nothing"), token);
        Assert.Equal("delete:packages, read:packages", Header(delete, "X-Accepted-OAuth-Scopes"));
        using var restore = await _api.PostAsync(ns.RestorePackage("npm", "nothing"), token);
        Assert.Equal("read:packages, write:packages", Header(restore, "X-Accepted-OAuth-Scopes"));

        using var anonymous = await _api.GetAsync(ns.Packages("npm"), null);
        Assert.False(anonymous.Headers.Contains("X-OAuth-Scopes"), "An anonymous call has no token scopes to report.");
        Assert.Matches(RequestId(), Header(anonymous, "X-GitHub-Request-Id"));
        Assert.NotEqual(Header(list, "X-GitHub-Request-Id"), Header(anonymous, "X-GitHub-Request-Id"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("2022-11-28", HttpStatusCode.OK)]
    [InlineData("2026-03-10", HttpStatusCode.OK)]
    [InlineData("2021-01-01", HttpStatusCode.BadRequest)]
    [InlineData("latest", HttpStatusCode.BadRequest)]
    public async Task Supported_api_versions_answer_and_others_are_a_400(string? version, HttpStatusCode expected)
    {
        var (_, token) = await UserAsync();

        using var response = await _api.GetAsync(PackageNamespace.AuthenticatedUser.Packages("npm"), token, version);
        if (expected == HttpStatusCode.OK)
        {
            await OpenApiContract.AssertResponseAsync(response);
        }
        else
        {
            await GitHubErrorAssert.AssertErrorAsync(response, expected);
        }
    }

    public void Dispose() => _api.Dispose();

    private async Task<(Account User, string Token)> UserAsync()
    {
        var user = await Seed.UserAsync();
        return (user, await Seed.TokenAsync(user, AllScopes));
    }

    private async Task<(Account Organization, string Token)> OrganizationAsync()
    {
        var (founder, token) = await UserAsync();
        return (await Seed.OrganizationAsync(founder), token);
    }

    /// <summary>
    /// A package with three versions in a new namespace of the given kind: npm linked to a private repository (with
    /// description and licence), container unlinked with one tag per version (v1, v2, v3).
    /// </summary>
    private async Task<Subject> PublishAsync(string kind, string type, string? name = null)
    {
        var (user, token) = await UserAsync();
        var owner = kind == "orgs" ? await Seed.OrganizationAsync(user) : user;
        var ns = kind switch
        {
            "user" => PackageNamespace.AuthenticatedUser,
            "users" => PackageNamespace.User(user.Login),
            _ => PackageNamespace.Organization(owner.Login),
        };
        var repository = type == "npm" ? await Seed.RepositoryAsync(owner, Visibility.Private) : null;
        name ??= type == "npm" ? "hello-world" : "team/app";
        var versions = new List<PackageVersion>();
        for (var i = 1; i <= 3; i++)
        {
            var published = type == "npm"
                ? await Seed.PublishAsync(token, owner, PackageType.Npm, name, $"1.0.{i}", repository, description: "Hello", license: "MIT")
                : await Seed.PublishAsync(token, owner, PackageType.Container, name, ContainerDigest.Of($"{owner.Login}-{i}"), tags: [$"v{i}"]);
            versions.Add(published.Version!);
        }

        return new Subject(user, owner, token, ns, type, name, repository, versions);
    }

    /// <summary>Checks status and the spec; for a 200 also the example fields. Records the operation as covered.</summary>
    private static async Task<string> AssertContractAsync(
        HttpResponseMessage response, HttpStatusCode status, HashSet<string>? covered, params string[] mayBeAbsent)
    {
        var body = await response.Content.ReadAsStringAsync();
        var request = response.RequestMessage!;
        Assert.True(response.StatusCode == status, $"{request.Method} {request.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        await OpenApiContract.AssertResponseAsync(response);
        var template = OpenApiContract.MatchTemplate(request.Method.Method, request.RequestUri!.AbsolutePath);
        if (status == HttpStatusCode.OK && body != "[]")
        {
            OpenApiContract.AssertHasExampleFields(request.Method.Method, template, body, mayBeAbsent);
        }

        covered?.Add($"{request.Method.Method.ToUpperInvariant()} {template}");
        return body;
    }

    private void AssertPackage(Subject subject, JsonElement package, int versionCount)
    {
        Assert.Equal(subject.Name, package.GetProperty("name").GetString());
        Assert.Equal(subject.Type, package.GetProperty("package_type").GetString());
        Assert.Equal("private", package.GetProperty("visibility").GetString());
        Assert.Equal(versionCount, package.GetProperty("version_count").GetInt32());
        Assert.Equal(subject.Owner.Login, package.GetProperty("owner").GetProperty("login").GetString());
        Assert.Equal(PackageUrl(subject), package.GetProperty("url").GetString());
        if (subject.Repository is { } repository)
        {
            // GitHub's examples rarely show it, so the example check cannot catch its absence: a linked package has it.
            Assert.True(package.TryGetProperty("repository", out var linked), "A package linked to a repository shows it.");
            Assert.Equal($"{subject.Owner.Login}/{repository.Name}", linked.GetProperty("full_name").GetString());
            Assert.True(linked.GetProperty("private").GetBoolean());
        }
        else
        {
            Assert.False(package.TryGetProperty("repository", out _), "An unlinked package has no repository.");
        }
    }

    private string PackageUrl(Subject subject) =>
        $"{_server.ApiAddress.AbsoluteUri}{(subject.Owner.IsOrganization ? "orgs" : "users")}/{subject.Owner.Login}/packages/{subject.Type}/{Uri.EscapeDataString(subject.Name)}";

    private void AssertLink(Uri link, PackageNamespace ns, int page)
    {
        Assert.Equal($"{_server.BaseAddress.AbsoluteUri}{ns.Prefix}/packages", link.GetLeftPart(UriPartial.Path));
        var query = LinkHeader.Query(link);
        Assert.Equal("container", query["package_type"]);
        Assert.Equal("private", query["visibility"]);
        Assert.Equal("2", query["per_page"]);
        Assert.Equal(page.ToString(System.Globalization.CultureInfo.InvariantCulture), query["page"]);
    }

    private static string[] Tags(JsonElement version) =>
        version.GetProperty("metadata").GetProperty("container").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : $"(no {name})";

    [GeneratedRegex("^[0-9A-F]+(:[0-9A-F]+){4}$")]
    private static partial Regex RequestId();

    private sealed record Subject(
        Account User, Account Owner, string Token, PackageNamespace Namespace, string Type, string Name,
        Repository? Repository, IReadOnlyList<PackageVersion> Versions);
}
