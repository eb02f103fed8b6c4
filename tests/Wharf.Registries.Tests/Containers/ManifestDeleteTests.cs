using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// Manifest DELETE by digest as OCI clients use it (the conformance suite's teardown, <c>skopeo delete</c>): the last
/// tagged manifest goes too, the last live one takes its package into the restore window, and a popular public
/// package still cannot go.
/// </summary>
public sealed class ManifestDeleteTests
{
    [Fact]
    public async Task Deleting_the_last_tagged_manifest_succeeds_and_the_last_live_one_takes_the_package_restorable_whole()
    {
        await using var server = await WharfTestServer.StartAsync();
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages);
        using var client = new RegistryClient(server, token);
        await client.LoginAsync();
        var name = $"{owner.Login}/teardown";
        var (tagged, _) = await client.PushImageAsync(name, "v1");
        var (untagged, _) = await client.PushImageAsync(name, "scratch");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/scratch")).StatusCode);

        // The only tagged manifest goes (the REST API refuses this; OCI clients expect it to work).
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/{tagged}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/v1")).StatusCode);
        using var api = server.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v3/user/packages/container/teardown")).StatusCode);

        // The last one left takes the package with it, into the restore window.
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/{untagged}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("api/v3/user/packages/container/teardown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{untagged}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("api/v3/user/packages/container/teardown/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{untagged}")).StatusCode);
        var deleted = await api.GetFromJsonAsync<JsonElement>("api/v3/user/packages/container/teardown/versions?state=deleted");
        Assert.Equal(tagged, Assert.Single(deleted.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_popular_public_image_keeps_its_last_tagged_manifest_with_the_rest_apis_message()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Packages:PublicDeletionDownloadLimit"] = "5" });
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages);
        using var client = new RegistryClient(server, token);
        await client.LoginAsync();
        var name = $"{owner.Login}/popular";
        var (digest, _) = await client.PushImageAsync(name, "v1");
        using var api = server.CreateClient(token);
        var patched = await api.PatchAsJsonAsync("api/v3/user/packages/container/popular", new { visibility = "public" });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        var versions = await api.GetFromJsonAsync<JsonElement>("api/v3/user/packages/container/popular/versions");
        await server.Seed.DownloadAsync(versions[0].GetProperty("id").GetInt64(), 6);

        var refused = await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/{digest}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal("UNSUPPORTED", await RegistryClient.ErrorCodeAsync(refused));
        Assert.Contains(PackageMessages.TooManyDownloads[..40], await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/v1")).StatusCode);
    }
}
