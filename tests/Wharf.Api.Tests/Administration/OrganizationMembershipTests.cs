using System.Net;
using Octokit;
using Wharf.Api.Tests.Packages;
using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>Organization memberships and teams: owners manage them, members read them, outsiders see nothing.</summary>
public sealed class OrganizationMembershipTests(AdministrationServer fixture) : IClassFixture<AdministrationServer>
{
    private readonly AdministrationApi _api = fixture.Api;

    [Fact]
    public async Task An_owner_adds_reads_and_removes_a_member_with_octokit()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (member, memberToken) = await _api.UserAsync("read:org");
        var (_, outsiderToken) = await _api.UserAsync("read:org");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        var octokit = _api.Octokit(ownerToken);

        var added = await octokit.Organization.Member.AddOrUpdateOrganizationMembership(
            organization.Login, member.Login, new OrganizationMembershipUpdate { Role = MembershipRole.Member });
        Assert.Equal(MembershipRole.Member, added.Role.Value);
        Assert.Equal(MembershipState.Active, added.State.Value);
        Assert.Equal(member.Login, added.User.Login);
        Assert.Equal(organization.Login, added.Organization.Login);

        // A member reads their own membership (and the organization's others); an outsider learns nothing.
        var own = await _api.Octokit(memberToken).Organization.Member.GetOrganizationMembership(organization.Login, member.Login);
        Assert.Equal(MembershipRole.Member, own.Role.Value);
        var ownerSeenByMember = await _api.Octokit(memberToken).Organization.Member.GetOrganizationMembership(organization.Login, owner.Login);
        Assert.Equal(MembershipRole.Admin, ownerSeenByMember.Role.Value);
        using (var hidden = await _api.SendAsync(outsiderToken, HttpMethod.Get, $"orgs/{organization.Login}/memberships/{member.Login}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(hidden, HttpStatusCode.NotFound, "Not Found");
        }

        await octokit.Organization.Member.RemoveOrganizationMembership(organization.Login, member.Login);
        await Assert.ThrowsAsync<NotFoundException>(() => octokit.Organization.Member.GetOrganizationMembership(organization.Login, member.Login));
    }

    [Fact]
    public async Task Only_owners_with_an_org_scope_may_change_memberships()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (member, memberToken) = await _api.UserAsync("admin:org");
        var (stranger, _) = await _api.UserAsync();
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        await _api.Server.Seed.AddMemberAsync(organization, member);
        var path = $"orgs/{organization.Login}/memberships/{stranger.Login}";

        using (var byMember = await _api.SendAsync(memberToken, HttpMethod.Put, path, new { role = "member" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(byMember, HttpStatusCode.Forbidden,
                $"You must be an owner of {organization.Login} to set organization memberships.");
            Assert.Equal("admin:org, write:org", byMember.Headers.GetValues("X-Accepted-OAuth-Scopes").Single());
        }

        var packagesOnly = await _api.Server.Seed.TokenAsync(owner, "read:packages");
        using (var withoutScope = await _api.SendAsync(packagesOnly, HttpMethod.Put, path, new { role = "member" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(withoutScope, HttpStatusCode.Forbidden,
                "You need at least write:org scope to set organization memberships.");
        }

        using (var badRole = await _api.SendAsync(ownerToken, HttpMethod.Put, path, new { role = "king" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(badRole, (HttpStatusCode)422, "Validation Failed");
        }

        using (var unknownOrganization = await _api.SendAsync(ownerToken, HttpMethod.Put, $"orgs/{TestSeed.UniqueName("none")}/memberships/{stranger.Login}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(unknownOrganization, HttpStatusCode.NotFound, "Not Found");
        }

        // A site administrator manages any organization.
        using var byAdmin = await _api.SendAsync(_api.AdminToken, HttpMethod.Put, path, new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("admin", (await AdministrationApi.JsonAsync(byAdmin)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_removed_nor_demoted()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (second, _) = await _api.UserAsync();
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        var path = $"orgs/{organization.Login}/memberships/{owner.Login}";
        const string lastOwner = "An organization must keep at least one owner: make another member an owner first.";

        using (var remove = await _api.SendAsync(ownerToken, HttpMethod.Delete, path))
        {
            await GitHubErrorAssert.AssertErrorAsync(remove, HttpStatusCode.Forbidden, lastOwner);
        }

        using (var demote = await _api.SendAsync(ownerToken, HttpMethod.Put, path, new { role = "member" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(demote, HttpStatusCode.Forbidden, lastOwner);
        }

        using (var promote = await _api.SendAsync(ownerToken, HttpMethod.Put, $"orgs/{organization.Login}/memberships/{second.Login}", new { role = "admin" }))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        using var stepDown = await _api.SendAsync(ownerToken, HttpMethod.Put, path, new { role = "member" });
        Assert.Equal(HttpStatusCode.OK, stepDown.StatusCode);
        Assert.Equal("member", (await AdministrationApi.JsonAsync(stepDown)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Teams_take_members_and_grant_them_repositories()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org", "repo");
        var (user, userToken) = await _api.UserAsync("repo", "read:org");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        var repository = await _api.Server.Seed.RepositoryAsync(organization, Visibility.Private);
        var octokit = _api.Octokit(ownerToken);
        var name = TestSeed.UniqueName("Core Team ");

        var team = await octokit.Organization.Team.Create(organization.Login, new NewTeam(name) { Description = "the core", Privacy = TeamPrivacy.Closed });
        Assert.Equal(name, team.Name);
        Assert.Equal(LoginRules.Slugify(name), team.Slug);
        Assert.Equal(TeamPrivacy.Closed, team.Privacy.Value);
        Assert.Equal(1, team.MembersCount);
        Assert.Equal(organization.Login, team.Organization.Login);
        Assert.Equal(team.Id, (await octokit.Organization.Team.GetByName(organization.Login, team.Slug)).Id);

        var duplicate = await Assert.ThrowsAsync<ApiValidationException>(() => octokit.Organization.Team.Create(organization.Login, new NewTeam(name)));
        Assert.Equal("Name must be unique for this org", duplicate.ApiError.Errors.Single().Message);

        // Adding someone to a team makes them a member of the organization at once (GitHub would invite them).
        using (var join = await _api.SendAsync(ownerToken, HttpMethod.Put, $"orgs/{organization.Login}/teams/{team.Slug}/memberships/{user.Login}", new { role = "member" }))
        {
            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
            var membership = await AdministrationApi.JsonAsync(join);
            Assert.Equal("member", membership.GetProperty("role").GetString());
            Assert.Equal("active", membership.GetProperty("state").GetString());
        }

        Assert.Equal(MembershipRole.Member,
            (await _api.Octokit(userToken).Organization.Member.GetOrganizationMembership(organization.Login, user.Login)).Role.Value);

        var asUser = _api.Octokit(userToken);
        await Assert.ThrowsAsync<NotFoundException>(() => asUser.Repository.Get(organization.Login, repository.Name));

        // Plain HTTP: Octokit 14's slug-based team repository calls use a root-relative path that drops /api/v3.
        var teamRepository = $"orgs/{organization.Login}/teams/{team.Slug}/repos/{organization.Login}/{repository.Name}";
        using (var grant = await _api.SendAsync(ownerToken, HttpMethod.Put, teamRepository, new { permission = "push" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        }

        var granted = await asUser.Repository.Get(organization.Login, repository.Name);
        Assert.True(granted.Permissions.Push);
        Assert.False(granted.Permissions.Admin);

        using (var revoke = await _api.SendAsync(ownerToken, HttpMethod.Delete, teamRepository))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await Assert.ThrowsAsync<NotFoundException>(() => asUser.Repository.Get(organization.Login, repository.Name));

        using (var leave = await _api.SendAsync(ownerToken, HttpMethod.Delete, $"orgs/{organization.Login}/teams/{team.Slug}/memberships/{user.Login}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        }

        using var again = await _api.SendAsync(ownerToken, HttpMethod.Delete, $"orgs/{organization.Login}/teams/{team.Slug}/memberships/{user.Login}");
        await GitHubErrorAssert.AssertErrorAsync(again, HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task A_team_can_be_created_with_maintainers_and_repositories()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (maintainer, maintainerToken) = await _api.UserAsync("repo");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        var repository = await _api.Server.Seed.RepositoryAsync(organization, Visibility.Private);
        var path = $"orgs/{organization.Login}/teams";

        using (var unknown = await _api.SendAsync(ownerToken, HttpMethod.Post, path, new { name = "t1", repo_names = new[] { $"{organization.Login}/missing" } }))
        {
            await GitHubErrorAssert.AssertErrorAsync(unknown, (HttpStatusCode)422, "Validation Failed");
        }

        using var created = await _api.SendAsync(ownerToken, HttpMethod.Post, path, new
        {
            name = "t1",
            privacy = "secret",
            maintainers = new[] { maintainer.Login },
            repo_names = new[] { $"{organization.Login}/{repository.Name}" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var team = await AdministrationApi.JsonAsync(created);
        Assert.Equal("secret", team.GetProperty("privacy").GetString());
        Assert.Equal(2, team.GetProperty("members_count").GetInt32());
        Assert.Equal(1, team.GetProperty("repos_count").GetInt32());

        var seen = await _api.Octokit(maintainerToken).Repository.Get(organization.Login, repository.Name);
        Assert.True(seen.Permissions.Pull);
        Assert.False(seen.Permissions.Push);
    }

    [Fact]
    public async Task Only_owners_manage_teams_and_only_their_organizations_repositories()
    {
        var (owner, ownerToken) = await _api.UserAsync("admin:org");
        var (member, memberToken) = await _api.UserAsync("admin:org");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        await _api.Server.Seed.AddMemberAsync(organization, member, OrganizationRole.Member);
        var team = await _api.Server.Seed.TeamAsync(organization);
        var elsewhere = await _api.Server.Seed.RepositoryAsync(member, Visibility.Public);

        using (var byMember = await _api.SendAsync(memberToken, HttpMethod.Post, $"orgs/{organization.Login}/teams", new { name = "mine" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(byMember, HttpStatusCode.Forbidden, $"You must be an owner of {organization.Login} to create teams.");
        }

        using (var noName = await _api.SendAsync(ownerToken, HttpMethod.Post, $"orgs/{organization.Login}/teams", new { description = "x" }))
        {
            await GitHubErrorAssert.AssertErrorAsync(noName, (HttpStatusCode)422, "Validation Failed");
        }

        using var foreign = await _api.SendAsync(ownerToken, HttpMethod.Put,
            $"orgs/{organization.Login}/teams/{team.Slug}/repos/{member.Login}/{elsewhere.Name}", new { permission = "pull" });
        await GitHubErrorAssert.AssertErrorAsync(foreign, (HttpStatusCode)422, "The repository must belong to the team's organization.");
    }
}
