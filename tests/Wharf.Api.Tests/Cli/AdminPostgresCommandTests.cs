using System.Net;
using System.Text.Json;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary><c>wharf admin</c> on PostgreSQL (<c>--database-provider postgres --database ...</c>), checked through the server on that database.</summary>
public sealed class AdminPostgresCommandTests
{
    [Fact]
    public async Task Migrate_and_user_create_work_on_postgres()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var folder = new TemporaryFolder();
        var cli = WharfCli.ForPostgres(database.ConnectionString, folder.Path);
        var login = TestSeed.UniqueName("pg");

        var migrate = AdminAccountCommandTests.Succeeded(await cli.RunAsync("admin", "migrate"));
        AdminAccountCommandTests.Succeeded(await cli.RunAsync("admin", "user", "create", login, "--site-admin"));
        var token = AdminAccountCommandTests.Succeeded(await cli.RunAsync("admin", "token", "create", login, "--scopes", "read:packages"));

        Assert.Contains("Database schema is up to date.", migrate.Output, StringComparison.Ordinal);
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
        });

        // A site administrator already exists, so the server's first start makes none.
        Assert.Equal("", server.AdminToken);
        using var client = server.CreateClient(token.Token);
        using var response = await client.GetAsync("api/v3/user");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(login, json.RootElement.GetProperty("login").GetString());
        Assert.True(json.RootElement.GetProperty("site_admin").GetBoolean());
    }
}
