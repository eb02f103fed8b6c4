using System.Net.Http.Json;
using System.Text.Json;
using Octokit;
using Wharf.Testing.Server;
using Account = Wharf.Core.Accounts.Account;

namespace Wharf.Api.Tests.Administration;

/// <summary>
/// Drives one server as an administrator's script would: Octokit against the GitHub Enterprise base URL where
/// Octokit has the call, plain HTTP otherwise; setup of users and tokens goes straight through the core.
/// </summary>
public sealed class AdministrationApi(WharfTestServer server)
{
    public WharfTestServer Server => server;

    public string AdminToken => server.AdminToken;

    public GitHubClient Octokit(string token) =>
        new(new ProductHeaderValue("wharf-tests"), server.ApiAddress) { Credentials = new Credentials(token) };

    /// <summary>A new user with a classic token holding <paramref name="scopes"/>.</summary>
    public async Task<(Account User, string Token)> UserAsync(params string[] scopes)
    {
        var user = await server.Seed.UserAsync();
        return (user, await server.Seed.TokenAsync(user, scopes));
    }

    /// <summary>A call under <c>/api/v3/</c>; <paramref name="body"/> is sent as JSON when given.</summary>
    public async Task<HttpResponseMessage> SendAsync(string? token, HttpMethod method, string path, object? body = null)
    {
        using var client = server.CreateClient(token);
        using var request = new HttpRequestMessage(method, "api/v3/" + path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    /// <summary>GET that must answer 200; returns the body.</summary>
    public async Task<JsonElement> GetJsonAsync(string? token, string path)
    {
        using var response = await SendAsync(token, HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
