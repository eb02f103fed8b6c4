using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// Who reads, mounts and references an image's blobs, over the callers of the permission matrix (the organization's
/// admin, plain members, a member granted read, an outsider, anonymous), before the first manifest, while the image is live, and
/// after its package is deleted and restored; on both databases.
/// </summary>
public sealed class BlobAccessTests
{
    private static readonly string[] PushScopes = [Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages];

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task A_deleted_private_image_keeps_its_blobs_hidden_and_unusable_until_restored(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);
        var org = await OrganizationAsync(server);
        var name = $"{org.Login}/secret";
        var (config, layer, manifest) = await PushImageAsync(org.Admin, name, "v1");
        using var api = server.CreateClient(org.AdminToken);
        var grant = await api.PutAsJsonAsync($"api/v3/orgs/{org.Login}/packages/container/secret/access/users/{org.GranteeLogin}", new { role = "read" });
        Assert.True(grant.IsSuccessStatusCode, await grant.Content.ReadAsStringAsync());

        // Live and private: only readers of the package read its blobs.
        Assert.Equal(HttpStatusCode.OK, (await org.Admin.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layer}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Grantee.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layer}")).StatusCode);
        await AssertHiddenAsync(org.Member, $"v2/{name}/blobs/{layer}");
        await AssertHiddenAsync(org.Outsider, $"v2/{name}/blobs/{layer}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await org.Anonymous.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layer}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v3/orgs/{org.Login}/packages/container/secret")).StatusCode);

        // Deleted: nobody reads its blobs through the registry, the admin included (the REST API restores it).
        foreach (var caller in new[] { org.Admin, org.Member, org.Grantee, org.Outsider })
        {
            var response = await caller.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layer}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // The freed name may be pushed anew by a member, but not with the deleted image's layers unless uploaded.
        var reuse = await org.Member.PutManifestAsync(name, "v1", manifest, OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryClient.ErrorCodeAsync(reuse));
        var mount = await org.Member.SendAsync(HttpMethod.Post, $"v2/{org.Login}/elsewhere/blobs/uploads/?mount={layer}&from={name}");
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);

        // Nothing took the name, so the restore succeeds and the blobs are back for the package's readers only.
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"api/v3/orgs/{org.Login}/packages/container/secret/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Admin.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{config}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Grantee.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layer}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Admin.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/v1")).StatusCode);
        await AssertHiddenAsync(org.Member, $"v2/{name}/blobs/{layer}");
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Before_the_first_manifest_only_the_uploader_and_owner_admins_read_and_reference_a_blob(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);
        var org = await OrganizationAsync(server);
        var name = $"{org.Login}/fresh";
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        var layer = RandomNumberGenerator.GetBytes(700);
        var configDigest = await org.Member.PushBlobAsync(name, config);
        var layerDigest = await org.Member.PushBlobAsync(name, layer);

        Assert.Equal(HttpStatusCode.OK, (await org.Member.SendAsync(HttpMethod.Head, $"v2/{name}/blobs/{layerDigest}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Admin.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{layerDigest}")).StatusCode);
        await AssertHiddenAsync(org.SecondMember, $"v2/{name}/blobs/{layerDigest}");
        await AssertHiddenAsync(org.Outsider, $"v2/{name}/blobs/{layerDigest}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await org.Anonymous.SendAsync(HttpMethod.Head, $"v2/{name}/blobs/{layerDigest}")).StatusCode);

        // Another member cannot publish the uploader's blobs as their own image, nor mount them elsewhere.
        var manifest = Manifest(configDigest, config.Length, layerDigest, layer.Length);
        var stolen = await org.SecondMember.PutManifestAsync(name, "v1", manifest, OciLayout.OciManifest);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryClient.ErrorCodeAsync(stolen));
        var refusedMount = await org.SecondMember.SendAsync(HttpMethod.Post, $"v2/{org.Login}/copy/blobs/uploads/?mount={layerDigest}&from={name}");
        Assert.Equal(HttpStatusCode.Accepted, refusedMount.StatusCode);

        // The uploader mounts them (201, not a new session) and publishes them.
        var mounted = await org.Member.SendAsync(HttpMethod.Post, $"v2/{org.Login}/copy/blobs/uploads/?mount={layerDigest}&from={name}");
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await org.Member.PutManifestAsync(name, "v1", manifest, OciLayout.OciManifest)).StatusCode);

        // Now the package decides: private, so the second member still reads nothing, the admin reads it all.
        await AssertHiddenAsync(org.SecondMember, $"v2/{name}/blobs/{layerDigest}");
        Assert.Equal(HttpStatusCode.OK, (await org.Admin.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{configDigest}")).StatusCode);
    }

    [Fact]
    public async Task A_manifest_naming_more_descriptors_than_the_bound_is_refused_before_any_lookup()
    {
        await using var server = await WharfTestServer.StartAsync();
        var user = await server.Seed.UserAsync();
        using var client = await LoggedInAsync(server, await server.Seed.TokenAsync(user, PushScopes));
        var config = Encoding.UTF8.GetBytes("{}");
        var configDigest = await client.PushBlobAsync($"{user.Login}/many", config);
        var layers = new JsonArray();
        for (var i = 0; i < 1001; i++)
        {
            // Distinct digests of blobs never uploaded: the bound answers before any of them is looked up.
            var digest = RegistryClient.Digest(BitConverter.GetBytes(i));
            layers.Add(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar", ["digest"] = digest, ["size"] = 4 });
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = layers,
        };
        var response = await client.PutManifestAsync($"{user.Login}/many", "v1", Encoding.UTF8.GetBytes(manifest.ToJsonString()), OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await RegistryClient.ErrorCodeAsync(response));
    }

    private sealed record Organization(
        string Login, string AdminToken, RegistryClient Admin, RegistryClient Member, RegistryClient SecondMember,
        string GranteeLogin, RegistryClient Grantee, RegistryClient Outsider, RegistryClient Anonymous);

    /// <summary>An organization with its admin, two plain members, a member to be granted read, an outsider, and anonymous.</summary>
    private static async Task<Organization> OrganizationAsync(WharfTestServer server)
    {
        var admin = await server.Seed.UserAsync();
        var org = await server.Seed.OrganizationAsync(admin);
        var member = await server.Seed.UserAsync();
        var second = await server.Seed.UserAsync();
        await server.Seed.AddMemberAsync(org, member, OrganizationRole.Member);
        await server.Seed.AddMemberAsync(org, second, OrganizationRole.Member);
        var grantee = await server.Seed.UserAsync();
        await server.Seed.AddMemberAsync(org, grantee, OrganizationRole.Member);
        var outsider = await server.Seed.UserAsync();
        var adminToken = await server.Seed.TokenAsync(admin, PushScopes);
        return new Organization(
            org.Login,
            adminToken,
            await LoggedInAsync(server, adminToken),
            await LoggedInAsync(server, await server.Seed.TokenAsync(member, PushScopes)),
            await LoggedInAsync(server, await server.Seed.TokenAsync(second, PushScopes)),
            grantee.Login,
            await LoggedInAsync(server, await server.Seed.TokenAsync(grantee, PushScopes)),
            await LoggedInAsync(server, await server.Seed.TokenAsync(outsider, PushScopes)),
            new RegistryClient(server, null));
    }

    private static async Task<RegistryClient> LoggedInAsync(WharfTestServer server, string token)
    {
        var client = new RegistryClient(server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync()).StatusCode);
        return client;
    }

    /// <summary>Pushes a private one-layer image; its config, layer and manifest.</summary>
    private static async Task<(string Config, string Layer, byte[] Manifest)> PushImageAsync(RegistryClient admin, string name, string tag)
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var layer = RandomNumberGenerator.GetBytes(900);
        var configDigest = await admin.PushBlobAsync(name, config);
        var layerDigest = await admin.PushBlobAsync(name, layer);
        var manifest = Manifest(configDigest, config.Length, layerDigest, layer.Length);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutManifestAsync(name, tag, manifest, OciLayout.OciManifest)).StatusCode);
        return (configDigest, layerDigest, manifest);
    }

    private static byte[] Manifest(string configDigest, int configSize, string layerDigest, int layerSize) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = configSize },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar", ["digest"] = layerDigest, ["size"] = layerSize }),
        }.ToJsonString());

    private static async Task AssertHiddenAsync(RegistryClient caller, string path)
    {
        var response = await caller.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
