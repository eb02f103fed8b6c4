using System.Net;
using System.Text.Json;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests;

public sealed class FirstStartTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task First_start_prints_a_working_admin_token_and_the_client_addresses(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);

        Assert.StartsWith("ghp_", server.AdminToken, StringComparison.Ordinal);
        Assert.Contains("/_registry/npm/", server.StartOutput, StringComparison.Ordinal);
        Assert.Contains("/api/v3", server.StartOutput, StringComparison.Ordinal);

        using var client = server.CreateClient(server.AdminToken);
        using var response = await client.GetAsync("api/v3/user/packages?package_type=npm");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        Assert.Contains("read:packages", response.Headers.GetValues("X-OAuth-Scopes").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_token_gets_githubs_bad_credentials()
    {
        await using var server = await WharfTestServer.StartAsync();
        using var client = server.CreateClient("ghp_000000000000000000000000000000000000");
        using var response = await client.GetAsync("api/v3/user/packages?package_type=npm");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bad credentials", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("401", body.RootElement.GetProperty("status").GetString());
    }
}
