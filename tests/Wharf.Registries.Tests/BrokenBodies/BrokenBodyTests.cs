using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Core.Tokens;
using Wharf.Registries.Tests.Containers;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.BrokenBodies;

/// <summary>
/// A body that ends before its Content-Length is the client's fault: every surface answers it in its own format, and
/// what it was writing into stays as it was (an upload session keeps its offset and takes the next chunk).
/// </summary>
public sealed class BrokenBodyTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_short_upload_chunk_is_BLOB_UPLOAD_INVALID_and_the_session_resumes_where_it_was()
    {
        var user = await _server.Seed.UserAsync();
        using var client = new RegistryClient(_server, await _server.Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages));
        await client.LoginAsync();
        var name = $"{user.Login}/short";
        var blob = RandomNumberGenerator.GetBytes(4000);
        var start = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/");
        var location = start.Headers.Location!.ToString();
        var first = new ByteArrayContent(blob, 0, 1000);
        first.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Patch, location, first, r => r.Content!.Headers.TryAddWithoutValidation("Content-Range", "0-999"))).StatusCode);

        var bearer = client.Http.DefaultRequestHeaders.Authorization!.ToString();
        var broken = await RawHttpRequest.SendShortBodyAsync(_server.BaseAddress, "PATCH", location, new Dictionary<string, string>
        {
            ["Authorization"] = bearer,
            ["Content-Type"] = "application/octet-stream",
            ["Content-Range"] = "1000-3999",
        }, blob[1000..1500], 3000);
        Assert.True(broken.Status == 400, $"{broken.Status}: {broken.Body}");
        Assert.Contains("BLOB_UPLOAD_INVALID", broken.Body, StringComparison.Ordinal);

        var status = await client.SendAsync(HttpMethod.Get, location);
        Assert.Equal("0-999", status.Headers.GetValues("Range").Single());
        var rest = new ByteArrayContent(blob, 1000, 3000);
        rest.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Patch, location, rest, r => r.Content!.Headers.TryAddWithoutValidation("Content-Range", "1000-3999"))).StatusCode);
        var digest = RegistryClient.Digest(blob);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Put, $"{location}?digest={digest}")).StatusCode);
        Assert.Equal(blob, await (await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{digest}")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_short_monolithic_blob_is_refused_and_leaves_no_blob()
    {
        var user = await _server.Seed.UserAsync();
        using var client = new RegistryClient(_server, await _server.Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages));
        await client.LoginAsync();
        var blob = RandomNumberGenerator.GetBytes(2000);
        var digest = RegistryClient.Digest(blob);
        var broken = await RawHttpRequest.SendShortBodyAsync(_server.BaseAddress, "POST", $"/v2/{user.Login}/mono/blobs/uploads/?digest={digest}", new Dictionary<string, string>
        {
            ["Authorization"] = client.Http.DefaultRequestHeaders.Authorization!.ToString(),
            ["Content-Type"] = "application/octet-stream",
        }, blob[..700], blob.Length);
        Assert.True(broken.Status == 400, $"{broken.Status}: {broken.Body}");
        Assert.Contains("BLOB_UPLOAD_INVALID", broken.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Head, $"v2/{user.Login}/mono/blobs/{digest}")).StatusCode);
    }

    [Fact]
    public async Task A_short_npm_publish_is_an_npm_error_and_publishes_nothing()
    {
        var user = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages);
        var package = $"@{user.Login}/cut";
        var document = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["_id"] = package,
            ["name"] = package,
            ["versions"] = new JsonObject { ["1.0.0"] = new JsonObject { ["name"] = package, ["version"] = "1.0.0" } },
        }.ToJsonString());
        var broken = await RawHttpRequest.SendShortBodyAsync(_server.BaseAddress, "PUT", $"/_registry/npm/@{user.Login}%2fcut", new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + token,
            ["Content-Type"] = "application/json",
        }, document[..40], document.Length + 5000);
        Assert.True(broken.Status == 400, $"{broken.Status}: {broken.Body}");
        Assert.Contains("{\"error\":", broken.Body, StringComparison.Ordinal);

        using var api = _server.CreateClient(token);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/v3/user/packages/npm/cut")).StatusCode);
    }

    [Fact]
    public async Task A_short_rest_api_body_is_a_github_error()
    {
        var user = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(user, Scope.Repo);
        var body = Encoding.UTF8.GetBytes("{\"name\":\"cut-short\",\"private\":true}");
        var broken = await RawHttpRequest.SendShortBodyAsync(_server.BaseAddress, "POST", "/api/v3/user/repos", new Dictionary<string, string>
        {
            ["Authorization"] = "token " + token,
            ["Content-Type"] = "application/json",
            ["Accept"] = "application/vnd.github+json",
        }, body[..10], body.Length + 100);
        Assert.True(broken.Status == 400, $"{broken.Status}: {broken.Body}");
        Assert.Contains("\"message\":", broken.Body, StringComparison.Ordinal);
        Assert.Contains("\"documentation_url\":", broken.Body, StringComparison.Ordinal);
    }
}
