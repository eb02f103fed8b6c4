using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// podman (Debian package) as its users drive it: log in with a token, push an image from local storage, pull it back
/// by tag with the digest the push reported, and pull anonymously once the package is public, never before.
/// </summary>
public sealed class PodmanTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    private string Host => _server.BaseAddress.Authority;

    public async ValueTask InitializeAsync()
    {
        Podman.Require();
        _server = await WharfTestServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Podman_logs_in_pushes_pulls_back_and_pulls_anonymously_only_once_public()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages);
        using var layout = OciLayout.Create();
        layout.AddImage(2, tag: "v1", tarLayers: true, labels: new Dictionary<string, string> { ["org.opencontainers.image.description"] = "built by hand" });
        using var podman = new Podman();
        await podman.SucceedAsync("pull", $"oci:{layout.Directory}:v1");
        var localId = (await podman.SucceedAsync("images", "--quiet")).Trim();
        var image = $"{Host}/{owner.Login.ToLowerInvariant()}/podman-app";

        var (refusedCode, _, refusedError) = await podman.RunAsync("login", "--tls-verify=false", "-u", "anyone", "-p", "ghp_" + new string('x', 36), Host);
        Assert.NotEqual(0, refusedCode);
        Assert.Contains("invalid username/password", refusedError, StringComparison.Ordinal);
        Assert.Contains("Login Succeeded", await podman.SucceedAsync("login", "--tls-verify=false", "-u", "anyone", "-p", token, Host), StringComparison.Ordinal);

        var digestFile = Path.Combine(layout.Directory, "pushed-digest");
        await podman.SucceedAsync("push", "--tls-verify=false", "--digestfile", digestFile, localId, $"docker://{image}:v1");
        var pushed = (await File.ReadAllTextAsync(digestFile, TestContext.Current.CancellationToken)).Trim();
        Assert.StartsWith("sha256:", pushed, StringComparison.Ordinal);

        // The REST API sees what podman pushed: the digest is a version carrying the tag and the label's description.
        using var api = _server.CreateClient(token);
        var versions = await api.GetFromJsonAsync<JsonElement>("api/v3/user/packages/container/podman-app/versions", TestContext.Current.CancellationToken);
        var version = Assert.Single(versions.EnumerateArray());
        Assert.Equal(pushed, version.GetProperty("name").GetString());
        Assert.Equal(["v1"], version.GetProperty("metadata").GetProperty("container").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("built by hand", version.GetProperty("description").GetString());

        await podman.SucceedAsync("rmi", "--all", "--force");
        await podman.SucceedAsync("pull", "--tls-verify=false", $"{image}:v1");
        Assert.Equal(pushed, (await podman.SucceedAsync("image", "inspect", "--format", "{{.Digest}}", $"{image}:v1")).Trim());
        var inspected = JsonDocument.Parse(await podman.SucceedAsync("image", "inspect", $"{image}:v1")).RootElement[0];
        Assert.Equal(2, inspected.GetProperty("RootFS").GetProperty("Layers").GetArrayLength());

        // Logged out, the private image cannot be pulled; once public it can, with the same digest.
        await podman.SucceedAsync("logout", Host);
        await podman.SucceedAsync("rmi", "--all", "--force");
        var (anonymousCode, _, _) = await podman.RunAsync("pull", "--tls-verify=false", $"{image}:v1");
        Assert.NotEqual(0, anonymousCode);
        var patch = await api.PatchAsJsonAsync("api/v3/user/packages/container/podman-app", new { visibility = "public" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await podman.SucceedAsync("pull", "--tls-verify=false", $"{image}:v1");
        Assert.Equal(pushed, (await podman.SucceedAsync("image", "inspect", "--format", "{{.Digest}}", $"{image}:v1")).Trim());
    }
}
