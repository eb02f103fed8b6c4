using Octokit;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>The administration round trip on PostgreSQL: skipped on a laptop without it, required in CI.</summary>
public sealed class AdministrationPostgresTests
{
    [Fact]
    public async Task Users_organizations_memberships_and_repositories_work_on_postgres()
    {
        TestEnvironment.Require(!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresDatabase.Variable)), $"PostgreSQL ({PostgresDatabase.Variable})");
        await using var server = await WharfTestServer.StartAsync(DatabaseKind.Postgres);
        var api = new AdministrationApi(server);
        var admin = api.Octokit(server.AdminToken);
        var ownerLogin = TestSeed.UniqueName("pgowner");
        var memberLogin = TestSeed.UniqueName("pgmember");

        await admin.User.Administration.Create(new NewUser(ownerLogin, $"{ownerLogin}@example.com"));
        await admin.User.Administration.Create(new NewUser(memberLogin, $"{memberLogin}@example.com"));
        var ownerToken = (await new ApiConnection(admin.Connection).Post<ApplicationAuthorization>(
            new Uri($"admin/users/{ownerLogin}/authorizations", UriKind.Relative), new NewImpersonationToken(["admin:org", "repo"]))).Token;
        var organization = await admin.Enterprise.Organization.Create(new NewOrganization(TestSeed.UniqueName("pgorg"), ownerLogin, "On Postgres"));

        var owner = api.Octokit(ownerToken);
        Assert.Equal(ownerLogin, (await owner.User.Current()).Login);
        var membership = await owner.Organization.Member.AddOrUpdateOrganizationMembership(
            organization.Login, memberLogin, new OrganizationMembershipUpdate { Role = MembershipRole.Admin });
        Assert.Equal(MembershipRole.Admin, membership.Role.Value);

        var repository = await owner.Repository.Create(organization.Login, new NewRepository(TestSeed.UniqueName("pgrepo")) { Private = true });
        await Assert.ThrowsAsync<RepositoryExistsException>(() => owner.Repository.Create(organization.Login, new NewRepository(repository.Name)));
        Assert.Equal(0, (await owner.Organization.Get(organization.Login)).PublicRepos);

        await owner.Organization.Member.RemoveOrganizationMembership(organization.Login, memberLogin);
        await admin.User.Administration.Suspend(memberLogin);
        await admin.User.Administration.Unsuspend(memberLogin);
        await admin.User.Administration.Delete(memberLogin);
        await Assert.ThrowsAsync<NotFoundException>(() => admin.User.Get(memberLogin));
    }
}
