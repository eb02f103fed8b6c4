using System.Net;
using System.Text.Json;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Conventions;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_token_over_its_hourly_limit_gets_githubs_403_and_headers_count_down()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RateLimit:TokenRequestsPerHour"] = "3",
        });
        var user = await server.Seed.UserAsync();
        using var client = server.CreateClient(await server.Seed.TokenAsync(user, Scope.ReadPackages));

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("api/v3/user/packages?package_type=npm");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("X-RateLimit-Remaining").Single());
            Assert.Equal("3", ok.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.Equal("core", ok.Headers.GetValues("X-RateLimit-Resource").Single());
        }

        using var over = await client.GetAsync("api/v3/user/packages?package_type=npm");

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.Forbidden, over.StatusCode);
        Assert.Equal("0", over.Headers.GetValues("X-RateLimit-Remaining").Single());
        using var body = JsonDocument.Parse(await over.Content.ReadAsStringAsync());
        Assert.StartsWith("API rate limit exceeded", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("403", body.RootElement.GetProperty("status").GetString());

        // Another token has its own allowance.
        using var other = server.CreateClient(await server.Seed.TokenAsync(user, Scope.ReadPackages));
        using var fresh = await other.GetAsync("api/v3/user/packages?package_type=npm");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Health_and_metrics_answer()
    {
        await using var server = await WharfTestServer.StartAsync();
        using var client = server.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync("healthz"));
        Assert.Equal("ready", await client.GetStringAsync("readyz"));
        using var token = server.CreateClient(server.AdminToken);
        (await token.GetAsync("api/v3/user/packages?package_type=npm")).Dispose();
        var metrics = await client.GetStringAsync("metrics");
        Assert.Contains("http_server_request_duration", metrics, StringComparison.Ordinal);
    }
}
