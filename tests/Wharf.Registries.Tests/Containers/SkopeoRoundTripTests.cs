using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>skopeo copies images into Wharf and back with identical digests; REST and registry agree.</summary>
public abstract class SkopeoRoundTripTests(DatabaseKind database) : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    private string Host => _server.BaseAddress.Authority;

    public async ValueTask InitializeAsync()
    {
        Skopeo.Require();
        _server = await WharfTestServer.StartAsync(database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Oci_image_round_trips_with_identical_digests_and_shows_in_rest()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        var repository = await _server.Seed.RepositoryAsync(owner, Visibility.Private, "app-source");
        using var layout = OciLayout.Create();
        var digest = layout.AddImage(3, labels: new Dictionary<string, string>
        {
            ["org.opencontainers.image.source"] = $"https://github.com/{owner.Login}/app-source",
            ["org.opencontainers.image.description"] = "the app",
            ["org.opencontainers.image.licenses"] = "MIT",
        }, tag: "v1");
        var image = $"{Host}/{owner.Login}/team/app";

        await Skopeo.SucceedAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"anyone:{token}", $"oci:{layout.Directory}:v1", $"docker://{image}:v1");

        var raw = await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"anyone:{token}", $"docker://{image}:v1");
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
        var inspect = await Skopeo.SucceedAsync("inspect", "--tls-verify=false", "--creds", $"anyone:{token}", $"docker://{image}:v1");
        Assert.Equal(digest, JsonDocument.Parse(inspect).RootElement.GetProperty("Digest").GetString());

        using var back = OciLayout.Create();
        await Skopeo.SucceedAsync("copy", "--src-tls-verify=false", "--src-creds", $"anyone:{token}", $"docker://{image}:v1", $"oci:{back.Directory}:v1");
        Assert.Equal(digest, back.DigestOf("v1"));

        var tags = await Skopeo.SucceedAsync("list-tags", "--tls-verify=false", "--creds", $"anyone:{token}", $"docker://{image}");
        Assert.Equal(["v1"], JsonDocument.Parse(tags).RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));

        // REST: the digest is a version with its tag; labels filled description, license and the repository link.
        using var api = _server.CreateClient(token);
        var package = await api.GetFromJsonAsync<JsonElement>($"api/v3/users/{owner.Login}/packages/container/team%2Fapp");
        Assert.Equal("private", package.GetProperty("visibility").GetString());
        Assert.Equal(repository.Name, package.GetProperty("repository").GetProperty("name").GetString());
        var versions = await api.GetFromJsonAsync<JsonElement>($"api/v3/users/{owner.Login}/packages/container/team%2Fapp/versions");
        var version = Assert.Single(versions.EnumerateArray());
        Assert.Equal(digest, version.GetProperty("name").GetString());
        Assert.Equal(["v1"], version.GetProperty("metadata").GetProperty("container").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("the app", version.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Docker_schema2_image_round_trips_with_identical_digests()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages);
        using var layout = OciLayout.Create();
        var digest = layout.AddImage(2, docker: true, addToIndex: false);

        // The oci: transport only lists OCI media types; skopeo's dir: transport carries a schema 2 manifest as is.
        var source = layout.ExportDirectory(digest);
        var image = $"{Host}/{owner.Login}/docker-app";
        await Skopeo.SucceedAsync("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"dir:{source}", $"docker://{image}:latest");

        var raw = await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:latest");
        Assert.Equal(OciLayout.DockerManifest, JsonDocument.Parse(raw).RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
        var back = Path.Combine(layout.Directory, "back");
        await Skopeo.SucceedAsync("copy", "--preserve-digests", "--src-tls-verify=false", "--src-creds", $"u:{token}", $"docker://{image}:latest", $"dir:{back}");
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(back, "manifest.json")))));
    }

    [Fact]
    public async Task Two_platform_index_round_trips_and_every_manifest_is_a_version()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages);
        using var layout = OciLayout.Create();
        var (index, children) = layout.AddIndex("multi");
        var image = $"{Host}/{owner.Login}/multi";

        await Skopeo.SucceedAsync("copy", "--all", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:multi", $"docker://{image}:multi");

        var raw = await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:multi");
        Assert.Equal(index, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
        using var back = OciLayout.Create();
        await Skopeo.SucceedAsync("copy", "--all", "--src-tls-verify=false", "--src-creds", $"u:{token}", $"docker://{image}:multi", $"oci:{back.Directory}:multi");
        Assert.Equal(index, back.DigestOf("multi"));
        Assert.All(children, c => Assert.True(File.Exists(back.BlobPath(c))));

        using var api = _server.CreateClient(token);
        var versions = await api.GetFromJsonAsync<JsonElement>($"api/v3/user/packages/container/multi/versions");
        Assert.Equal(
            children.Append(index).Order(),
            versions.EnumerateArray().Select(v => v.GetProperty("name").GetString()!).Order());
        var package = await api.GetFromJsonAsync<JsonElement>($"api/v3/user/packages/container/multi");
        Assert.Equal(3, package.GetProperty("version_count").GetInt32());
    }

    [Fact]
    public async Task Anonymous_pull_works_once_public_and_private_looks_like_missing()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages);
        using var layout = OciLayout.Create();
        var digest = layout.AddImage(1, tag: "v1");
        var image = $"{Host}/{owner.Login}/pub";
        await Skopeo.SucceedAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:v1", $"docker://{image}:v1");

        var (privateCode, privateOutput) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--no-creds", $"docker://{image}:v1");
        var (missingCode, missingOutput) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--no-creds", $"docker://{Host}/{owner.Login}/nothing:v1");
        Assert.NotEqual(0, privateCode);
        Assert.NotEqual(0, missingCode);
        Assert.Contains("unauthorized", privateOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(privateOutput[privateOutput.IndexOf(": ", StringComparison.Ordinal)..], missingOutput[missingOutput.IndexOf(": ", StringComparison.Ordinal)..]);

        using var api = _server.CreateClient(token);
        var patch = await api.PatchAsJsonAsync($"api/v3/user/packages/container/pub", new { visibility = "public" });
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());

        using var back = OciLayout.Create();
        await Skopeo.SucceedAsync("copy", "--src-tls-verify=false", "--src-no-creds", $"docker://{image}:v1", $"oci:{back.Directory}:v1");
        Assert.Equal(digest, back.DigestOf("v1"));
    }

    [Fact]
    public async Task Rest_delete_hides_a_version_from_pulls_and_restore_brings_it_back_with_its_tag()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        using var layout = OciLayout.Create();
        layout.AddImage(1, tag: "old");
        var second = layout.AddImage(1, tag: "new");
        var image = $"{Host}/{owner.Login}/cycle";
        await Skopeo.SucceedAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:old", $"docker://{image}:old");
        await Skopeo.SucceedAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:new", $"docker://{image}:new");

        using var api = _server.CreateClient(token);
        var versions = await api.GetFromJsonAsync<JsonElement>("api/v3/user/packages/container/cycle/versions");
        var id = versions.EnumerateArray().Single(v => v.GetProperty("name").GetString() == second).GetProperty("id").GetInt64();
        var deleted = await api.DeleteAsync($"api/v3/user/packages/container/cycle/versions/{id}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());

        var (code, output) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:new");
        Assert.NotEqual(0, code);
        Assert.Contains("manifest unknown", output, StringComparison.OrdinalIgnoreCase);
        (code, _) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}@{second}");
        Assert.NotEqual(0, code);

        var restored = await api.PostAsync($"api/v3/user/packages/container/cycle/versions/{id}/restore", null);
        Assert.True(restored.IsSuccessStatusCode, await restored.Content.ReadAsStringAsync());
        await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:new");

        // Deleting the package makes the image unknown.
        var gone = await api.DeleteAsync("api/v3/user/packages/container/cycle");
        Assert.True(gone.IsSuccessStatusCode, await gone.Content.ReadAsStringAsync());
        (code, _) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:old");
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Skopeo_delete_of_the_only_tag_deletes_the_image_restorably()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        using var layout = OciLayout.Create();
        layout.AddImage(1, tag: "only");
        var image = $"{Host}/{owner.Login}/throwaway";
        await Skopeo.SucceedAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:only", $"docker://{image}:only");

        // skopeo deletes by the tag's digest: the last tagged (and only) manifest, which takes its package along.
        await Skopeo.SucceedAsync("delete", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:only");
        var (code, _) = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:only");
        Assert.NotEqual(0, code);

        using var api = _server.CreateClient(token);
        var restored = await api.PostAsync("api/v3/user/packages/container/throwaway/restore", null);
        Assert.True(restored.IsSuccessStatusCode, await restored.Content.ReadAsStringAsync());
        await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:only");
    }
}

public sealed class SqliteSkopeoRoundTripTests() : SkopeoRoundTripTests(DatabaseKind.Sqlite);
