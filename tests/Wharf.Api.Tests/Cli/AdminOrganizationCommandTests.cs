using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary>
/// <c>wharf admin org</c>, <c>team</c>, <c>repo</c> and <c>sso</c> run as processes on a data folder; the server on that
/// folder then enforces what they set.
/// </summary>
public sealed class AdminOrganizationCommandTests
{
    [Fact]
    public async Task Organizations_teams_repositories_and_sso_set_by_the_cli_are_what_the_server_enforces()
    {
        using var folder = new TemporaryFolder();
        var cli = WharfCli.ForDataFolder(folder.Path);
        var owner = TestSeed.UniqueName("owner");
        var member = TestSeed.UniqueName("member");
        var org = TestSeed.UniqueName("org");

        var results = await RunAllAsync(cli,
            ["admin", "user", "create", owner],
            ["admin", "user", "create", member],
            ["admin", "org", "create", org, "--owner", owner, "--name", "CLI Org"],
            ["admin", "token", "create", owner, "--scopes", "repo,write:packages", "--note", "authorised"],
            ["admin", "token", "create", owner, "--scopes", "repo,write:packages", "--note", "not authorised"],
            ["admin", "org", "member", "add", org, member],
            ["admin", "team", "create", org, "Core Devs"],
            ["admin", "team", "member", "add", org, "core-devs", member, "--role", "maintainer"],
            ["admin", "repo", "create", $"{org}/widgets", "--visibility", "internal"],
            ["admin", "team", "repo", org, "core-devs", $"{org}/widgets", "--permission", "push"],
            ["admin", "repo", "collaborator", "add", $"{org}/widgets", member, "--permission", "triage"],
            ["admin", "org", "inherit-default", org, "false"],
            ["admin", "org", "sso", org, "--enforce"]);
        var (authorised, unauthorised) = (results[3], results[4]);
        var authorize = AdminAccountCommandTests.Succeeded(
            await cli.RunAsync("admin", "sso", "authorize", authorised.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), org));

        Assert.StartsWith($"Created organization '{org}'", results[2].Output, StringComparison.Ordinal);
        Assert.Contains("with slug 'core-devs'", results[6].Output, StringComparison.Ordinal);
        Assert.StartsWith($"Created internal repository '{org}/widgets'", results[8].Output, StringComparison.Ordinal);
        Assert.Contains($"is authorised for '{org}'", authorize.Output, StringComparison.Ordinal);

        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["DataDirectory"] = folder.Path });

        await using var scope = server.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var organization = (await accounts.FindAsync(org, default))!;
        var repository = (await scope.ServiceProvider.GetRequiredService<RepositoryService>().FindAsync(organization, "widgets", default))!;

        // SSO: the owner's authorised token may publish and read in the organization, the unauthorised one is turned away.
        await server.Seed.PublishAsync(authorised.Token!, organization, PackageType.Npm, "gadget", "1.0.0", repository);
        using var allowed = server.CreateClient(authorised.Token);
        using var read = await allowed.GetAsync($"api/v3/orgs/{org}/packages/npm/gadget");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var blocked = server.CreateClient(unauthorised.Token);
        using var refused = await blocked.GetAsync($"api/v3/orgs/{org}/packages/npm/gadget");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal(SsoPolicy.Message, body.RootElement.GetProperty("message").GetString());
        }

        var ownerAccount = (await accounts.FindAsync(owner, default))!;
        var memberAccount = (await accounts.FindAsync(member, default))!;
        Assert.Equal(("CLI Org", true, false), (organization.Name, organization.SsoEnforced, organization.InheritAccessByDefault));
        Assert.Equal(OrganizationRole.Admin, (await accounts.FindMembershipAsync(organization, ownerAccount, default))!.Role);
        Assert.Equal(OrganizationRole.Member, (await accounts.FindMembershipAsync(organization, memberAccount, default))!.Role);
        var team = (await accounts.FindTeamAsync(organization, "core-devs", default))!;
        Assert.Equal("maintainer", (await accounts.FindTeamMembershipAsync(team, memberAccount, default))!.Role);
        Assert.Equal(Visibility.Internal, repository.Visibility);

        // Triage as a collaborator, push through the team: the better one counts.
        var permission = await scope.ServiceProvider.GetRequiredService<IAccessFactsStore>()
            .FindRepositoryPermissionAsync(repository, memberAccount.Id, default);
        Assert.Equal(RepositoryPermission.Write, permission);
    }

    /// <summary>Runs the commands one after another (concurrent ones only queue on the database) and requires each to succeed.</summary>
    private static async Task<CliResult[]> RunAllAsync(WharfCli cli, params string[][] commands)
    {
        var results = new List<CliResult>();
        foreach (var command in commands)
        {
            results.Add(AdminAccountCommandTests.Succeeded(await cli.RunAsync(command)));
        }

        return [.. results];
    }
}
