using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>The REST calls the npm tests make: what GitHub's packages API shows of npm packages, and delete/restore.</summary>
public sealed class NpmRestApi(WharfTestServer server, NpmOwner owner) : IDisposable
{
    private readonly HttpClient _client = server.CreateClient(owner.Token);

    private string PackagePath(string name) => $"api/v3/users/{owner.Account.Login}/packages/npm/{name}";

    public async Task<JsonObject> PackageAsync(string name) =>
        (await _client.GetFromJsonAsync<JsonObject>(PackagePath(name)))!;

    public async Task<JsonArray> VersionsAsync(string name, bool deleted = false) =>
        (await _client.GetFromJsonAsync<JsonArray>(PackagePath(name) + "/versions" + (deleted ? "?state=deleted" : "")))!;

    public async Task<long> VersionIdAsync(string name, string version, bool deleted = false) =>
        (await VersionsAsync(name, deleted)).Single(v => v!["name"]!.GetValue<string>() == version)!["id"]!.GetValue<long>();

    public async Task DeleteVersionAsync(string name, string version)
    {
        var id = await VersionIdAsync(name, version);
        using var response = await _client.DeleteAsync(PackagePath(name) + $"/versions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task RestoreVersionAsync(string name, string version)
    {
        var id = await VersionIdAsync(name, version, deleted: true);
        using var response = await _client.PostAsync(PackagePath(name) + $"/versions/{id}/restore", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task RestorePackageAsync(string name)
    {
        using var response = await _client.PostAsync(PackagePath(name) + "/restore", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<HttpStatusCode> PackageStatusAsync(string name)
    {
        using var response = await _client.GetAsync(PackagePath(name));
        return response.StatusCode;
    }

    public void Dispose() => _client.Dispose();
}
