using System.Net;
using Wharf.Api.Tests.Packages;
using Wharf.Core.Packages;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>
/// Wharf's SSO administration: a site administrator enforces SAML SSO on an organization, and a member authorises
/// each token for it, as GitHub's "Authorize" button on the token page does.
/// </summary>
public sealed class SsoAdministrationTests(AdministrationServer fixture) : IClassFixture<AdministrationServer>
{
    private const string SsoMessage =
        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";

    private readonly AdministrationApi _api = fixture.Api;

    [Fact]
    public async Task A_members_token_needs_authorising_once_the_organization_enforces_sso()
    {
        var (owner, ownerToken) = await _api.UserAsync("write:packages");
        var (member, memberToken) = await _api.UserAsync("read:packages");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        await _api.Server.Seed.AddMemberAsync(organization, member);
        var image = TestSeed.UniqueName("image");
        await _api.Server.Seed.PublishAsync(ownerToken, organization, PackageType.Container, image, "sha256:" + new string('a', 64), tags: ["latest"]);
        await new PackageSettingsSeed(_api.Server).GrantAsync(ownerToken, organization, PackageType.Container, image, member, PackageRole.Read);
        var packages = $"orgs/{organization.Login}/packages/container/{image}";

        using (var enforce = await _api.SendAsync(_api.AdminToken, HttpMethod.Put, $"admin/organizations/{organization.Login}/sso", new { enforced = true }))
        {
            Assert.Equal(HttpStatusCode.OK, enforce.StatusCode);
            Assert.True((await AdministrationApi.JsonAsync(enforce)).GetProperty("enforced").GetBoolean());
        }

        using (var blocked = await _api.SendAsync(memberToken, HttpMethod.Get, packages))
        {
            await GitHubErrorAssert.AssertErrorAsync(blocked, HttpStatusCode.Forbidden, SsoMessage);
            Assert.StartsWith("required; url=", blocked.Headers.GetValues("X-GitHub-SSO").Single(), StringComparison.Ordinal);
        }

        using (var authorize = await _api.SendAsync(memberToken, HttpMethod.Put, $"user/sso-authorizations/{organization.Login}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, authorize.StatusCode);
        }

        using (var allowed = await _api.SendAsync(memberToken, HttpMethod.Get, packages))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Only this token was authorised: another token of the same member is still held back.
        var second = await _api.Server.Seed.TokenAsync(member, "read:packages");
        using (var other = await _api.SendAsync(second, HttpMethod.Get, packages))
        {
            await GitHubErrorAssert.AssertErrorAsync(other, HttpStatusCode.Forbidden, SsoMessage);
        }

        using (var revoke = await _api.SendAsync(memberToken, HttpMethod.Delete, $"user/sso-authorizations/{organization.Login}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var blockedAgain = await _api.SendAsync(memberToken, HttpMethod.Get, packages))
        {
            await GitHubErrorAssert.AssertErrorAsync(blockedAgain, HttpStatusCode.Forbidden, SsoMessage);
        }

        using (var lift = await _api.SendAsync(_api.AdminToken, HttpMethod.Put, $"admin/organizations/{organization.Login}/sso", new { enforced = false }))
        {
            Assert.False((await AdministrationApi.JsonAsync(lift)).GetProperty("enforced").GetBoolean());
        }

        using var open = await _api.SendAsync(second, HttpMethod.Get, packages);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Sso_blocks_an_owners_unauthorised_token_on_organization_administration()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (user, _) = await _api.UserAsync();
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        await _api.Server.Seed.EnforceSsoAsync(organization);
        var path = $"orgs/{organization.Login}/memberships/{user.Login}";

        using (var blocked = await _api.SendAsync(ownerToken, HttpMethod.Put, path, new { role = "member" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(blocked, HttpStatusCode.Forbidden, SsoMessage);
        }

        using (var authorize = await _api.SendAsync(ownerToken, HttpMethod.Put, $"user/sso-authorizations/{organization.Login}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, authorize.StatusCode);
        }

        using var added = await _api.SendAsync(ownerToken, HttpMethod.Put, path, new { role = "member" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
    }

    [Fact]
    public async Task Only_members_authorise_tokens_and_only_site_admins_enforce_sso()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (_, outsiderToken) = await _api.UserAsync("read:packages");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);

        using (var outsider = await _api.SendAsync(outsiderToken, HttpMethod.Put, $"user/sso-authorizations/{organization.Login}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(outsider, HttpStatusCode.Forbidden,
                $"You must be a member of {organization.Login} to authorize a token for it.");
        }

        using (var unknown = await _api.SendAsync(outsiderToken, HttpMethod.Put, $"user/sso-authorizations/{TestSeed.UniqueName("none")}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Not Found");
        }

        using (var anonymous = await _api.SendAsync(null, HttpMethod.Put, $"user/sso-authorizations/{organization.Login}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Requires authentication");
        }

        // Owning the organization is not enough: enforcement is the site administrator's switch.
        using (var byOwner = await _api.SendAsync(ownerToken, HttpMethod.Put, $"admin/organizations/{organization.Login}/sso", new { enforced = true }))
        {
            await GitHubErrorAssert.AssertErrorAsync(byOwner, HttpStatusCode.Forbidden, "You must be a site administrator with the site_admin scope to do this.");
        }

        using var missing = await _api.SendAsync(_api.AdminToken, HttpMethod.Put, $"admin/organizations/{organization.Login}/sso", new { });
        await GitHubErrorAssert.AssertErrorAsync(missing, (HttpStatusCode)422, "Validation Failed");
    }
}
