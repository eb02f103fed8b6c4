using System.Globalization;
using System.Net;
using System.Text.Json;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary><c>wharf admin user</c> and <c>token</c> run as processes on a data folder, checked through the server on that folder.</summary>
public sealed class AdminAccountCommandTests
{
    [Fact]
    public async Task A_user_and_token_made_by_the_cli_work_against_the_rest_api_until_revoked()
    {
        using var folder = new TemporaryFolder();
        var cli = WharfCli.ForDataFolder(folder.Path);
        var login = TestSeed.UniqueName("cli");

        var user = Succeeded(await cli.RunAsync("admin", "user", "create", login, "--email", "cli@example.com"));
        var kept = Succeeded(await cli.RunAsync("admin", "token", "create", login, "--scopes", "read:packages,write:packages", "--note", "ci"));
        var revoked = Succeeded(await cli.RunAsync("admin", "token", "create", login, "--scopes", "read:packages", "--expires-in-days", "7"));
        var revoke = Succeeded(await cli.RunAsync("admin", "token", "revoke", Id(revoked.TokenId)));
        var list = Succeeded(await cli.RunAsync("admin", "token", "list", login));

        Assert.StartsWith($"Created user '{login}'", user.Output, StringComparison.Ordinal);
        Assert.StartsWith("ghp_", kept.Token, StringComparison.Ordinal);
        Assert.Equal(revoked.Token![^8..], Row(list, revoked.TokenId)[1]);
        Assert.Contains($"Revoked token {Id(revoked.TokenId)}", revoke.Output, StringComparison.Ordinal);
        var keptRow = Row(list, kept.TokenId);
        var revokedRow = Row(list, revoked.TokenId);
        Assert.Equal(["read:packages,write:packages", "never", "-", "ci"], [keptRow[3], keptRow[5], keptRow[7], keptRow[8]]);
        Assert.NotEqual("never", revokedRow[5]);
        Assert.NotEqual("-", revokedRow[7]);
        Assert.DoesNotContain("ghp_", list.Output, StringComparison.Ordinal);

        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["DataDirectory"] = folder.Path });
        using var client = server.CreateClient(kept.Token);
        using var response = await client.GetAsync("api/v3/user");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(login, json.RootElement.GetProperty("login").GetString());
        Assert.Contains("write:packages", response.Headers.GetValues("X-OAuth-Scopes").Single(), StringComparison.Ordinal);

        using var revokedClient = server.CreateClient(revoked.Token);
        using var refused = await revokedClient.GetAsync("api/v3/user");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Refusals_exit_1_with_a_message_on_stderr_and_make_nothing()
    {
        using var folder = new TemporaryFolder();
        var cli = WharfCli.ForDataFolder(folder.Path);
        var login = TestSeed.UniqueName("cli");
        Succeeded(await cli.RunAsync("admin", "user", "create", login));

        var ghost = await cli.RunAsync("admin", "token", "create", "ghost", "--scopes", "read:packages");
        var taken = await cli.RunAsync("admin", "user", "create", login.ToUpperInvariant());
        var typo = await cli.RunAsync("admin", "token", "create", login, "--scopes", "read:pkgs");
        var noOrganization = await cli.RunAsync("admin", "org", "member", "add", "nowhere", login);
        var noFlag = await cli.RunAsync("admin", "org", "sso", "nowhere");

        Failed(ghost, "No user 'ghost'");
        Failed(taken, "Login has already been taken");
        Failed(typo, "Unknown scope 'read:pkgs'");
        Failed(noOrganization, "No organization 'nowhere'");
        Failed(noFlag, "--enforce");
        Assert.Null(ghost.Token);
        Assert.Null(typo.Token);
        var tokens = Succeeded(await cli.RunAsync("admin", "token", "list", login));
        Assert.Contains("has no tokens", tokens.Output, StringComparison.Ordinal);
        var users = Succeeded(await cli.RunAsync("admin", "user", "list"));
        Assert.Equal(2, users.Output.Trim().Split('\n').Length);
    }

    internal static CliResult Succeeded(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        return result;
    }

    private static void Failed(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The cells of the <c>token list</c> row for one token, split on the table's column gaps.</summary>
    private static string[] Row(CliResult list, long id) =>
        list.Output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}"))
            .Single(cells => cells[0] == Id(id));
}
