using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Containers;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>The legacy Docker registry on <c>docker.HOST</c>: OWNER/REPOSITORY/IMAGE, by tag, then migration.</summary>
public sealed class DockerRegistryTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Docker_registry_catalog_lists_owner_repository_image_names_the_caller_can_read()
    {
        var owner = await _server.Seed.UserAsync();
        await _server.Seed.RepositoryAsync(owner, Visibility.Private, "repo");
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.Repo);
        using var docker = DockerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await docker.LoginAsync()).StatusCode);
        using var containers = new RegistryClient(_server, token);
        await containers.LoginAsync();
        await docker.PushImageAsync($"{owner.Login}/repo/img", "v1");
        await docker.PushImageAsync($"{owner.Login}/repo/other", "v1");
        await containers.PushImageAsync($"{owner.Login}/plain", "v1");

        var catalog = await docker.SendAsync(HttpMethod.Get, "v2/_catalog");
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        var names = await RepositoriesAsync(catalog);
        Assert.Contains($"{owner.Login}/repo/img", names);
        Assert.Contains($"{owner.Login}/repo/other", names);
        Assert.DoesNotContain($"{owner.Login}/plain", names);

        // Paged with n and last, like the container catalog.
        var first = await docker.SendAsync(HttpMethod.Get, $"v2/_catalog?n=1&last={Uri.EscapeDataString($"{owner.Login}/repo/a")}");
        Assert.Equal([$"{owner.Login}/repo/img"], await RepositoriesAsync(first));
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        // A stranger does not see images in a private repository.
        var stranger = await _server.Seed.UserAsync();
        using var strangerDocker = DockerClient(await _server.Seed.TokenAsync(stranger, Scope.ReadPackages));
        Assert.Equal(HttpStatusCode.OK, (await strangerDocker.LoginAsync()).StatusCode);
        var hidden = await RepositoriesAsync(await strangerDocker.SendAsync(HttpMethod.Get, "v2/_catalog"));
        Assert.DoesNotContain(hidden, n => n.StartsWith(owner.Login + "/", StringComparison.Ordinal));
    }

    private RegistryClient DockerClient(string token)
    {
        var client = new RegistryClient(_server, token);
        client.Http.DefaultRequestHeaders.Host = $"docker.wharf.test:{_server.BaseAddress.Port}";
        return client;
    }

    private static async Task<string[]> RepositoriesAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Docker_registry_pushes_by_tag_into_a_repository_and_migrates_to_containers_with_conflicts_flagged()
    {
        var owner = await _server.Seed.UserAsync();
        await _server.Seed.RepositoryAsync(owner, Visibility.Private, "repo");
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.Repo);
        using var docker = new RegistryClient(_server, token);
        docker.Http.DefaultRequestHeaders.Host = $"docker.wharf.test:{_server.BaseAddress.Port}";
        Assert.Equal(HttpStatusCode.OK, (await docker.LoginAsync()).StatusCode);
        using var containers = new RegistryClient(_server, token);
        await containers.LoginAsync();

        var (digest, manifest) = await docker.PushImageAsync($"{owner.Login}/repo/img", "v1");
        var pulled = await docker.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/img/manifests/v1");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await RegistryClient.ErrorCodeAsync(await containers.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/img/manifests/v1")));

        var byDigest = await docker.PutManifestAsync($"{owner.Login}/repo/img", digest, manifest, OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, byDigest.StatusCode);
        Assert.Equal("NAME_INVALID", await RegistryClient.ErrorCodeAsync(await docker.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/img/manifests/v1")));
        var noRepository = await docker.SendAsync(HttpMethod.Post, $"v2/{owner.Login}/missing/img/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Forbidden, noRepository.StatusCode);

        using var api = _server.CreateClient(token);
        var package = await api.GetFromJsonAsync<JsonElement>($"api/v3/user/packages/docker/repo%2Fimg");
        Assert.Equal("repo", package.GetProperty("repository").GetProperty("name").GetString());

        // A container image already has the name of a second docker image: that one cannot move.
        await docker.PushImageAsync($"{owner.Login}/repo/taken", "v1");
        await containers.PushImageAsync($"{owner.Login}/repo/taken", "v1");

        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<DockerMigration>().RunAsync(default);
            Assert.Contains(report.Moved, p => p.Name == "repo/img");
            Assert.Contains(report.Conflicts, p => p.Name == "repo/taken");
        }

        var migrated = await containers.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/img/manifests/v1");
        Assert.Equal(HttpStatusCode.OK, migrated.StatusCode);
        Assert.Equal(digest, migrated.Headers.GetValues("Docker-Content-Digest").Single());
        var conflicts = await api.GetFromJsonAsync<JsonElement>("api/v3/user/docker/conflicts");
        Assert.Equal(["repo/taken"], conflicts.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await docker.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/taken/manifests/v1")).StatusCode);

        // The old docker.HOST path still pulls the moved image.
        var oldPath = await docker.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/img/manifests/v1");
        Assert.Equal(HttpStatusCode.OK, oldPath.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await docker.SendAsync(HttpMethod.Get, $"v2/{owner.Login}/repo/img/blobs/{RegistryClient.Digest(manifest)}")).StatusCode);
    }
}
