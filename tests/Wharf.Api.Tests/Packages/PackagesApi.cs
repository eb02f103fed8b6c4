using System.Net.Http.Headers;
using System.Text.Json;
using Wharf.Testing.Server;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// A caller of one test server's REST API: one HTTP client, a token per request (<c>Authorization: token T</c>, or
/// none for an anonymous call), optionally an <c>X-GitHub-Api-Version</c>.
/// </summary>
public sealed class PackagesApi : IDisposable
{
    private readonly HttpClient _client;

    public PackagesApi(WharfTestServer server)
    {
        _client = server.CreateClient();
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token, string? apiVersion = null) =>
        SendAsync(HttpMethod.Get, path, token, apiVersion);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? token) => SendAsync(HttpMethod.Delete, path, token);

    public Task<HttpResponseMessage> PostAsync(string path, string? token) => SendAsync(HttpMethod.Post, path, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? apiVersion = null)
    {
        // The request is left to the response: the contract check reads the method and URI from it.
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        }

        if (apiVersion is not null)
        {
            request.Headers.Add("X-GitHub-Api-Version", apiVersion);
        }

        return await _client.SendAsync(request);
    }

    /// <summary>The body as JSON (a detached copy, so the document can go).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => Parse(await response.Content.ReadAsStringAsync());

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>name</c> of every item of a JSON array body.</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();

    public void Dispose() => _client.Dispose();
}
