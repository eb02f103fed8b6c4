using System.Net;
using System.Text.Json;
using Octokit;
using Wharf.Api.Tests.Packages;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>GitHub Enterprise's site administration (users, impersonation tokens, suspension, organizations) through Octokit.</summary>
public sealed class SiteAdministrationTests(AdministrationServer fixture) : IClassFixture<AdministrationServer>
{
    private readonly AdministrationApi _api = fixture.Api;

    [Fact]
    public async Task Site_admin_creates_a_user_and_an_impersonation_token_that_works_on_get_user()
    {
        var admin = _api.Octokit(_api.AdminToken);
        var login = TestSeed.UniqueName("imp");

        var user = await admin.User.Administration.Create(new NewUser(login, $"{login}@example.com"));
        Assert.Equal(login, user.Login);
        Assert.Equal(AccountType.User, user.Type);
        Assert.False(user.SiteAdmin);

        var authorization = await admin.User.Administration.CreateImpersonationToken(login, new NewImpersonationToken(["read:packages"]));
        Assert.Equal(["read:packages"], authorization.Scopes);
        Assert.Equal(8, authorization.TokenLastEight.Length);

        // Octokit's Authorization model has no secret; its ApplicationAuthorization reads the same answer with it.
        var connection = new ApiConnection(admin.Connection);
        var withSecret = await connection.Post<ApplicationAuthorization>(
            new Uri($"admin/users/{login}/authorizations", UriKind.Relative), new NewImpersonationToken(["read:packages", "repo"]));
        Assert.StartsWith("ghp_", withSecret.Token, StringComparison.Ordinal);
        Assert.EndsWith(withSecret.TokenLastEight, withSecret.Token, StringComparison.Ordinal);

        var current = await _api.Octokit(withSecret.Token).User.Current();
        Assert.Equal(login, current.Login);
        Assert.Equal(user.Id, current.Id);
        Assert.Equal($"{login}@example.com", current.Email);

        using var me = await _api.SendAsync(withSecret.Token, HttpMethod.Get, "user");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("read:packages, repo", me.Headers.GetValues("X-OAuth-Scopes").Single());

        await admin.User.Administration.DeleteImpersonationToken(login);
        using var revoked = await _api.SendAsync(withSecret.Token, HttpMethod.Get, "user");
        await GitHubErrorAssert.AssertErrorAsync(revoked, HttpStatusCode.Unauthorized, "Bad credentials");
    }

    [Fact]
    public async Task Only_a_site_admin_with_the_site_admin_scope_may_administer()
    {
        var (_, everyScope) = await _api.UserAsync("site_admin", "admin:org", "repo");
        var nonAdmin = _api.Octokit(everyScope);
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() => nonAdmin.User.Administration.Create(new NewUser(TestSeed.UniqueName("x"), "x@example.com")));
        Assert.Equal("You must be a site administrator with the site_admin scope to do this.", forbidden.Message);

        // The administrator's everyday token, without site_admin, may not either.
        var adminAccount = await AdminAccountAsync();
        var everyday = await _api.Server.Seed.TokenAsync(adminAccount, "read:packages", "admin:org");
        using var response = await _api.SendAsync(everyday, HttpMethod.Post, "admin/users", new { login = TestSeed.UniqueName("x") });
        await GitHubErrorAssert.AssertErrorAsync(response, HttpStatusCode.Forbidden, "You must be a site administrator with the site_admin scope to do this.");
        Assert.Equal("site_admin", response.Headers.GetValues("X-Accepted-OAuth-Scopes").Single());

        using var anonymous = await _api.SendAsync(null, HttpMethod.Post, "admin/users", new { login = TestSeed.UniqueName("x") });
        await GitHubErrorAssert.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Requires authentication");
    }

    [Fact]
    public async Task Suspending_a_user_rejects_their_token_and_unsuspending_restores_it()
    {
        var admin = _api.Octokit(_api.AdminToken);
        var (user, token) = await _api.UserAsync("read:packages");
        Assert.Equal(user.Login, (await _api.Octokit(token).User.Current()).Login);

        await admin.User.Administration.Suspend(user.Login);
        using (var suspended = await _api.SendAsync(token, HttpMethod.Get, "user"))
        {
            await GitHubErrorAssert.AssertErrorAsync(suspended, HttpStatusCode.Forbidden, "Sorry. Your account was suspended.");
        }

        // A site administrator sees when; the suspended user's public profile does not say.
        var seen = await _api.GetJsonAsync(_api.AdminToken, $"users/{user.Login}");
        Assert.Equal(JsonValueKind.String, seen.GetProperty("suspended_at").ValueKind);

        await admin.User.Administration.Unsuspend(user.Login);
        Assert.Equal(user.Login, (await _api.Octokit(token).User.Current()).Login);
        seen = await _api.GetJsonAsync(_api.AdminToken, $"users/{user.Login}");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("suspended_at").ValueKind);
    }

    [Fact]
    public async Task A_site_admin_cannot_suspend_or_delete_themselves()
    {
        var me = await _api.GetJsonAsync(_api.AdminToken, "user");
        var login = me.GetProperty("login").GetString()!;

        using var suspend = await _api.SendAsync(_api.AdminToken, HttpMethod.Put, $"users/{login}/suspended");
        await GitHubErrorAssert.AssertErrorAsync(suspend, HttpStatusCode.Forbidden, "You cannot suspend yourself.");
        using var delete = await _api.SendAsync(_api.AdminToken, HttpMethod.Delete, $"admin/users/{login}");
        await GitHubErrorAssert.AssertErrorAsync(delete, HttpStatusCode.Forbidden, "You cannot delete your own account.");
    }

    [Fact]
    public async Task Deleting_a_user_removes_the_account_and_its_tokens()
    {
        var admin = _api.Octokit(_api.AdminToken);
        var (user, token) = await _api.UserAsync("read:packages");

        await admin.User.Administration.Delete(user.Login);

        await Assert.ThrowsAsync<NotFoundException>(() => admin.User.Get(user.Login));
        using var rejected = await _api.SendAsync(token, HttpMethod.Get, "user");
        await GitHubErrorAssert.AssertErrorAsync(rejected, HttpStatusCode.Unauthorized, "Bad credentials");
        await Assert.ThrowsAsync<NotFoundException>(() => admin.User.Administration.Delete(user.Login));
    }

    [Fact]
    public async Task Creating_a_user_validates_the_login_as_github_does()
    {
        var (existing, _) = await _api.UserAsync();

        using var taken = await _api.SendAsync(_api.AdminToken, HttpMethod.Post, "admin/users", new { login = existing.Login.ToUpperInvariant() });
        await GitHubErrorAssert.AssertErrorAsync(taken, (HttpStatusCode)422, "Validation Failed");
        var error = (await AdministrationApi.JsonAsync(taken)).GetProperty("errors")[0];
        Assert.Equal("login", error.GetProperty("field").GetString());
        Assert.Equal("already_exists", error.GetProperty("code").GetString());

        using var invalid = await _api.SendAsync(_api.AdminToken, HttpMethod.Post, "admin/users", new { login = "-bad-" });
        await GitHubErrorAssert.AssertErrorAsync(invalid, (HttpStatusCode)422, "Validation Failed");

        using var missing = await _api.SendAsync(_api.AdminToken, HttpMethod.Post, "admin/users", new { email = "a@b.c" });
        var missingError = (await AdministrationApi.JsonAsync(missing)).GetProperty("errors")[0];
        Assert.Equal("missing_field", missingError.GetProperty("code").GetString());

        using var notJson = new HttpRequestMessage(HttpMethod.Post, "api/v3/admin/users") { Content = new StringContent("{nope") };
        using var client = _api.Server.CreateClient(_api.AdminToken);
        using var problems = await client.SendAsync(notJson);
        await GitHubErrorAssert.AssertErrorAsync(problems, HttpStatusCode.BadRequest, "Problems parsing JSON");
    }

    [Fact]
    public async Task A_user_can_be_created_suspended()
    {
        var login = TestSeed.UniqueName("sus");
        using var created = await _api.SendAsync(_api.AdminToken, HttpMethod.Post, "admin/users", new { login, suspended = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(JsonValueKind.String, (await AdministrationApi.JsonAsync(created)).GetProperty("suspended_at").ValueKind);
        Assert.EndsWith($"/api/v3/users/{login}", created.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_admin_creates_an_organization_with_octokit_and_its_admin_owns_it()
    {
        var admin = _api.Octokit(_api.AdminToken);
        var (owner, ownerToken) = await _api.UserAsync("read:org");
        var login = TestSeed.UniqueName("org");

        var organization = await admin.Enterprise.Organization.Create(new NewOrganization(login, owner.Login, "The Profile"));
        Assert.Equal(login, organization.Login);
        Assert.Equal(AccountType.Organization, organization.Type);
        Assert.Equal("The Profile", organization.Name);

        var fetched = await _api.Octokit(ownerToken).Organization.Get(login);
        Assert.Equal(organization.Id, fetched.Id);
        Assert.EndsWith($"/api/v3/orgs/{login}/members{{/member}}", fetched.MembersUrl, StringComparison.Ordinal);

        var asUser = await _api.GetJsonAsync(null, $"users/{login}");
        Assert.Equal("Organization", asUser.GetProperty("type").GetString());

        var membership = await _api.Octokit(ownerToken).Organization.Member.GetOrganizationMembership(login, owner.Login);
        Assert.Equal(MembershipRole.Admin, membership.Role.Value);

        var unknownAdmin = await Assert.ThrowsAsync<ApiValidationException>(() =>
            admin.Enterprise.Organization.Create(new NewOrganization(TestSeed.UniqueName("org"), TestSeed.UniqueName("nobody"))));
        Assert.Equal("admin", unknownAdmin.ApiError.Errors.Single().Field);
        await Assert.ThrowsAsync<ApiValidationException>(() => admin.Enterprise.Organization.Create(new NewOrganization(login, owner.Login)));
    }

    [Fact]
    public async Task Users_and_organizations_are_readable_by_anyone_and_unknown_ones_are_404()
    {
        var (user, token) = await _api.UserAsync();

        var profile = await _api.GetJsonAsync(null, $"users/{user.Login}");
        Assert.Equal(user.Login, profile.GetProperty("login").GetString());
        Assert.Equal("User", profile.GetProperty("type").GetString());
        Assert.False(profile.TryGetProperty("suspended_at", out _));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("email").ValueKind);

        var self = await _api.GetJsonAsync(token, "user");
        Assert.Equal(0, self.GetProperty("total_private_repos").GetInt32());

        using var unknown = await _api.SendAsync(token, HttpMethod.Get, $"users/{TestSeed.UniqueName("nobody")}");
        await GitHubErrorAssert.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Not Found");
        using var notAnOrganization = await _api.SendAsync(token, HttpMethod.Get, $"orgs/{user.Login}");
        await GitHubErrorAssert.AssertErrorAsync(notAnOrganization, HttpStatusCode.NotFound, "Not Found");
        using var anonymous = await _api.SendAsync(null, HttpMethod.Get, "user");
        await GitHubErrorAssert.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Requires authentication");
    }

    private async Task<Wharf.Core.Accounts.Account> AdminAccountAsync()
    {
        var login = (await _api.GetJsonAsync(_api.AdminToken, "user")).GetProperty("login").GetString()!;
        return await _api.Server.Seed.ReloadAsync(new Wharf.Core.Accounts.Account { Login = login });
    }
}
