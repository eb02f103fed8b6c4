using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// The project's own conformance suite, written from the OCI Distribution Specification 1.1: its four categories
/// (pull, push, content discovery, content management), token authentication, and the error codes.
/// </summary>
public sealed class ConformanceTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Login, string Token, RegistryClient Client)> PusherAsync(params string[] scopes)
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, scopes.Length == 0 ? [Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages] : scopes);
        var client = new RegistryClient(_server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync()).StatusCode);
        return (owner.Login, token, client);
    }

    [Fact]
    public async Task Auth_base_endpoint_challenges_and_token_endpoint_issues_tokens()
    {
        using var anonymous = new RegistryClient(_server, null);
        var ping = await anonymous.SendAsync(HttpMethod.Get, "v2/");
        Assert.Equal(HttpStatusCode.Unauthorized, ping.StatusCode);
        var challenge = ping.Headers.WwwAuthenticate.ToString();
        var host = _server.BaseAddress.Authority;
        Assert.StartsWith($"Bearer realm=\"http://{host}/v2/token\",service=\"{host}\"", challenge, StringComparison.Ordinal);
        Assert.Equal("UNAUTHORIZED", await RegistryClient.ErrorCodeAsync(ping));

        var (login, token, client) = await PusherAsync();
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "v2/")).StatusCode);
            var manifest = await anonymous.SendAsync(HttpMethod.Get, $"v2/{login}/app/manifests/latest");
            Assert.Equal(HttpStatusCode.Unauthorized, manifest.StatusCode);
            Assert.Contains($"scope=\"repository:{login}/app:pull\"", manifest.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        // A PAT is accepted directly too; a wrong one or a forged bearer token is not.
        using var direct = new RegistryClient(_server, null);
        direct.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + token)));
        Assert.Equal(HttpStatusCode.OK, (await direct.SendAsync(HttpMethod.Get, "v2/")).StatusCode);
        using var wrong = new RegistryClient(_server, "ghp_" + new string('a', 36));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.LoginAsync("repository:x/y:pull")).StatusCode);
        direct.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wct1.eyJ4Ijoi.c2ln");
        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.SendAsync(HttpMethod.Get, "v2/")).StatusCode);

        // Anonymous tokens: none for private or missing images, nor for pushes.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.LoginAsync($"repository:{login}/app:pull")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.LoginAsync($"repository:{login}/app:pull,push")).StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_answers_the_oauth2_post_form()
    {
        var (login, token, client) = await PusherAsync();
        using var _ = client;
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var host = _server.BaseAddress.Authority;
        FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
            new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

        // Password grant with the PAT as password: a token that pushes.
        var issued = await http.PostAsync("v2/token", Form(
            ("grant_type", "password"), ("username", login), ("password", token), ("service", host),
            ("scope", $"repository:{login}/oauth:pull,push"), ("client_id", "docker")));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.Equal(accessToken, body.GetProperty("token").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("issued_at").GetString(), CultureInfo.InvariantCulture, out var issuedAt) && issuedAt > DateTimeOffset.UnixEpoch);
        using (var bearer = new RegistryClient(_server, null))
        {
            bearer.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            await bearer.PushBlobAsync($"{login}/oauth", RandomNumberGenerator.GetBytes(100));
        }

        // A wrong password is 401; refresh tokens and other grants are unsupported.
        var wrong = await http.PostAsync("v2/token", Form(("grant_type", "password"), ("username", login), ("password", "ghp_" + new string('a', 36)), ("service", host)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var refresh = await http.PostAsync("v2/token", Form(("grant_type", "refresh_token"), ("refresh_token", "x"), ("service", host), ("client_id", "docker")));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("unsupported_grant_type", (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var other = await http.PostAsync("v2/token", Form(("grant_type", "client_credentials")));
        Assert.Equal("unsupported_grant_type", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Pull_blobs_with_range_and_manifests_by_tag_and_digest()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/pull";
        var blob = RandomNumberGenerator.GetBytes(5000);
        var blobDigest = await client.PushBlobAsync(name, blob);
        var (digest, manifest) = await client.PushImageAsync(name, "v1");

        var head = await client.SendAsync(HttpMethod.Head, $"v2/{name}/blobs/{blobDigest}");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(5000, head.Content.Headers.ContentLength);
        Assert.Equal(blobDigest, head.Headers.GetValues("Docker-Content-Digest").Single());
        var range = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{blobDigest}", configure: r => r.Headers.Range = new RangeHeaderValue(100, 199));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(blob[100..200], await range.Content.ReadAsByteArrayAsync());
        var full = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{blobDigest}");
        Assert.Equal(blob, await full.Content.ReadAsByteArrayAsync());
        var missing = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/sha256:{new string('0', 64)}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("BLOB_UNKNOWN", await RegistryClient.ErrorCodeAsync(missing));

        foreach (var reference in new[] { "v1", digest })
        {
            var get = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{reference}", configure: r => r.Headers.Accept.ParseAdd(OciLayout.OciManifest));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(OciLayout.OciManifest, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest, get.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());
            var headManifest = await client.SendAsync(HttpMethod.Head, $"v2/{name}/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, headManifest.StatusCode);
            Assert.Equal(manifest.Length, headManifest.Content.Headers.ContentLength);
        }

        var unknown = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryClient.ErrorCodeAsync(unknown));
        var unacceptable = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/v1", configure: r => r.Headers.Accept.ParseAdd(OciLayout.DockerManifest));
        Assert.Equal(HttpStatusCode.NotFound, unacceptable.StatusCode);
        var unknownName = await client.SendAsync(HttpMethod.Get, $"v2/{login}/nothing/manifests/v1");
        Assert.Equal("NAME_UNKNOWN", await RegistryClient.ErrorCodeAsync(unknownName));
    }

    [Fact]
    public async Task Push_monolithic_post_put_and_chunked_with_ordering_and_digest_checks()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/push";

        // POST then PUT with the body.
        var content = RandomNumberGenerator.GetBytes(3000);
        var start = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        var put = await client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(content)}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/{name}/blobs/{RegistryClient.Digest(content)}", put.Headers.Location!.ToString());

        // Chunked: two PATCHes with Content-Range, status in between, an out-of-order chunk refused with 416.
        var chunked = RandomNumberGenerator.GetBytes(10_000);
        start = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/");
        location = start.Headers.Location!.ToString();
        var first = await client.SendAsync(HttpMethod.Patch, location, Chunk(chunked, 0, 4000));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("0-3999", first.Headers.GetValues("Range").Single());
        var outOfOrder = await client.SendAsync(HttpMethod.Patch, location, Chunk(chunked, 5000, 1000));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, outOfOrder.StatusCode);
        var status = await client.SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-3999", status.Headers.GetValues("Range").Single());
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Patch, location, Chunk(chunked, 4000, 6000))).StatusCode);
        var wrongDigest = await client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(content)}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongDigest.StatusCode);
        Assert.Equal("DIGEST_INVALID", await RegistryClient.ErrorCodeAsync(wrongDigest));
        var done = await client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(chunked)}");
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var pulled = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{RegistryClient.Digest(chunked)}");
        Assert.Equal(chunked, await pulled.Content.ReadAsByteArrayAsync());
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await RegistryClient.ErrorCodeAsync(await client.SendAsync(HttpMethod.Get, location)));

        // Monolithic POST with a wrong digest stores nothing.
        var bad = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/?digest=sha256:{new string('1', 64)}", new ByteArrayContent(content));
        Assert.Equal("DIGEST_INVALID", await RegistryClient.ErrorCodeAsync(bad));

        // Cancel.
        start = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/");
        location = start.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, location)).StatusCode);
        var cancelled = await client.SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NotFound, cancelled.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await RegistryClient.ErrorCodeAsync(cancelled));
    }

    [Fact]
    public async Task Push_manifests_need_their_blobs_and_valid_json_and_names()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/manifests";
        var missingBlob = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = $"sha256:{new string('2', 64)}", ["size"] = 2 },
            ["layers"] = new JsonArray(),
        }.ToJsonString());
        var refused = await client.PutManifestAsync(name, "v1", missingBlob, OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryClient.ErrorCodeAsync(refused));

        var invalid = await client.PutManifestAsync(name, "v1", Encoding.UTF8.GetBytes("{not json"), OciLayout.OciManifest);
        Assert.Equal("MANIFEST_INVALID", await RegistryClient.ErrorCodeAsync(invalid));

        // A descriptor must give its blob's true size: clients verify it on pull.
        var config = Encoding.UTF8.GetBytes("{}");
        var wrongSize = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = await client.PushBlobAsync(name, config), ["size"] = config.Length + 1 },
            ["layers"] = new JsonArray(),
        }.ToJsonString());
        var misSized = await client.PutManifestAsync(name, "v1", wrongSize, OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.BadRequest, misSized.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await RegistryClient.ErrorCodeAsync(misSized));

        var (digest, manifest) = await client.PushImageAsync(name, "v1");
        var wrongReference = await client.PutManifestAsync(name, $"sha256:{new string('3', 64)}", manifest, OciLayout.OciManifest);
        Assert.Equal("DIGEST_INVALID", await RegistryClient.ErrorCodeAsync(wrongReference));

        // Index whose child is not in the image.
        var index = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciIndex,
            ["manifests"] = new JsonArray(new JsonObject { ["mediaType"] = OciLayout.OciManifest, ["digest"] = $"sha256:{new string('4', 64)}", ["size"] = 10 }),
        }.ToJsonString());
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryClient.ErrorCodeAsync(await client.PutManifestAsync(name, "idx", index, OciLayout.OciIndex)));

        var upper = await client.SendAsync(HttpMethod.Get, $"v2/{login}/UPPER/manifests/v1");
        Assert.Equal("NAME_INVALID", await RegistryClient.ErrorCodeAsync(upper));

        // Re-tagging an existing digest adds the tag to the same version.
        Assert.Equal(HttpStatusCode.Created, (await client.PutManifestAsync(name, "stable", manifest, OciLayout.OciManifest)).StatusCode);
        var tags = await client.Http.GetFromJsonAsync<JsonElement>($"v2/{name}/tags/list");
        Assert.Equal(["stable", "v1"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        using var api = _server.CreateClient(await _server.Seed.TokenAsync((await AccountAsync(login))!, Scope.ReadPackages));
        var versions = await api.GetFromJsonAsync<JsonElement>($"api/v3/users/{login}/packages/container/manifests/versions");
        var version = Assert.Single(versions.EnumerateArray());
        Assert.Equal(digest, version.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Push_mount_only_from_what_the_caller_can_read()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var blob = await client.PushBlobAsync($"{login}/source", RandomNumberGenerator.GetBytes(500));
        await client.PushImageAsync($"{login}/source", "v1");

        var mounted = await client.SendAsync(HttpMethod.Post, $"v2/{login}/target/blobs/uploads/?mount={blob}&from={login}/source");
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Head, $"v2/{login}/target/blobs/{blob}")).StatusCode);

        // A stranger cannot mount from a private image: a normal upload session instead, and no blob.
        var (strangerLogin, _, stranger) = await PusherAsync();
        using var __ = stranger;
        var refused = await stranger.SendAsync(HttpMethod.Post, $"v2/{strangerLogin}/copy/blobs/uploads/?mount={blob}&from={login}/source");
        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Head, $"v2/{strangerLogin}/copy/blobs/{blob}")).StatusCode);

        // And a blob pushed to one image is not visible through another image.
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Head, $"v2/{login}/other/blobs/{blob}")).StatusCode);
    }

    [Fact]
    public async Task Discovery_tags_paginate_and_referrers_filter_by_artifact_type()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/disc";
        var (subject, manifest) = await client.PushImageAsync(name, "a");
        foreach (var tag in new[] { "b", "c", "d" })
        {
            await client.PutManifestAsync(name, tag, manifest, OciLayout.OciManifest);
        }

        var page = await client.SendAsync(HttpMethod.Get, $"v2/{name}/tags/list?n=2");
        Assert.Equal(["a", "b"], (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("last=b", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var next = await client.Http.GetFromJsonAsync<JsonElement>($"v2/{name}/tags/list?n=2&last=b");
        Assert.Equal(["c", "d"], next.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var subjectDescriptor = new JsonObject { ["mediaType"] = OciLayout.OciManifest, ["digest"] = subject, ["size"] = manifest.Length };
        var signaturePush = await PushReferrerAsync(client, name, subjectDescriptor, "application/vnd.example.signature");
        Assert.Equal(subject, signaturePush.Subject);
        await PushReferrerAsync(client, name, subjectDescriptor, "application/vnd.example.sbom");

        var all = await client.SendAsync(HttpMethod.Get, $"v2/{name}/referrers/{subject}");
        Assert.Equal(OciLayout.OciIndex, all.Content.Headers.ContentType!.MediaType);
        var index = await all.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, index.GetProperty("manifests").GetArrayLength());
        var filtered = await client.SendAsync(HttpMethod.Get, $"v2/{name}/referrers/{subject}?artifactType=application/vnd.example.sbom");
        Assert.Equal("artifactType", filtered.Headers.GetValues("OCI-Filters-Applied").Single());
        var only = (await filtered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manifests");
        Assert.Equal("application/vnd.example.sbom", Assert.Single(only.EnumerateArray()).GetProperty("artifactType").GetString());
        var none = await client.Http.GetFromJsonAsync<JsonElement>($"v2/{name}/referrers/sha256:{new string('5', 64)}");
        Assert.Equal(0, none.GetProperty("manifests").GetArrayLength());
    }

    [Fact]
    public async Task Discovery_catalog_lists_only_readable_images()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        await client.PushImageAsync($"{login}/mine", "v1");
        var (otherLogin, _, other) = await PusherAsync();
        using var __ = other;
        await other.PushImageAsync($"{otherLogin}/theirs", "v1");

        var catalog = await client.Http.GetFromJsonAsync<JsonElement>("v2/_catalog");
        var names = catalog.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()).ToArray();
        Assert.Contains($"{login}/mine", names);
        Assert.DoesNotContain($"{otherLogin}/theirs", names);
    }

    [Fact]
    public async Task Management_delete_by_tag_untags_and_by_digest_soft_deletes()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/manage";
        var (keep, _) = await client.PushImageAsync(name, "keep");
        var (digest, manifest) = await client.PushImageAsync(name, "one");
        await client.PutManifestAsync(name, "two", manifest, OciLayout.OciManifest);

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/two")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/two")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/one")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/{digest}")).StatusCode);
        var gone = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{digest}");
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryClient.ErrorCodeAsync(gone));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{keep}")).StatusCode);

        // The REST API shows it as deleted, restorable.
        using var api = _server.CreateClient(await _server.Seed.TokenAsync((await AccountAsync(login))!, Scope.ReadPackages));
        var deleted = await api.GetFromJsonAsync<JsonElement>($"api/v3/users/{login}/packages/container/manage/versions?state=deleted");
        Assert.Equal(digest, Assert.Single(deleted.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Pull_after_a_cached_read_sees_tag_moves_and_rest_deletes_and_restores_at_once()
    {
        var (login, token, client) = await PusherAsync();
        using var _ = client;
        var name = $"{login}/cached";
        var (first, _) = await client.PushImageAsync(name, "latest");
        var ok = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/latest");
        Assert.Equal(first, ok.Headers.GetValues("Docker-Content-Digest").Single());

        var (second, _) = await client.PushImageAsync(name, "latest");
        var moved = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/latest");
        Assert.Equal(second, moved.Headers.GetValues("Docker-Content-Digest").Single());

        using var api = _server.CreateClient(token);
        Assert.True((await api.DeleteAsync($"api/v3/user/packages/container/cached")).IsSuccessStatusCode);
        var gone = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/latest");
        Assert.Equal("NAME_UNKNOWN", await RegistryClient.ErrorCodeAsync(gone));

        Assert.True((await api.PostAsync($"api/v3/user/packages/container/cached/restore", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/latest")).StatusCode);
    }

    [Fact]
    public async Task Management_delete_is_405_when_turned_off_like_ghcr()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Containers:AllowManifestDelete"] = "false" });
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.DeletePackages);
        using var client = new RegistryClient(server, token);
        await client.LoginAsync();
        var (digest, _) = await client.PushImageAsync($"{owner.Login}/img", "v1");
        var refused = await client.SendAsync(HttpMethod.Delete, $"v2/{owner.Login}/img/manifests/{digest}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal("UNSUPPORTED", await RegistryClient.ErrorCodeAsync(refused));
    }

    [Fact]
    public async Task Errors_outsiders_see_private_and_missing_alike_and_readers_cannot_push()
    {
        var (login, _, client) = await PusherAsync();
        using var _ = client;
        await client.PushImageAsync($"{login}/secret", "v1");

        var (_, _, stranger) = await PusherAsync();
        using var __ = stranger;
        var hidden = await stranger.SendAsync(HttpMethod.Get, $"v2/{login}/secret/manifests/v1");
        var missing = await stranger.SendAsync(HttpMethod.Get, $"v2/{login}/missing/manifests/v1");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await RegistryClient.ErrorCodeAsync(hidden));
        Assert.Equal("NAME_UNKNOWN", await RegistryClient.ErrorCodeAsync(missing));
        var push = await stranger.SendAsync(HttpMethod.Post, $"v2/{login}/secret/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
        Assert.Equal("DENIED", await RegistryClient.ErrorCodeAsync(push));

        using var anonymous = new RegistryClient(_server, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Get, $"v2/{login}/secret/manifests/v1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Get, $"v2/{login}/missing/manifests/v1")).StatusCode);

        // A token without write:packages cannot push to its own namespace.
        var (readerLogin, _, reader) = await PusherAsync(Scope.ReadPackages);
        using var ___ = reader;
        var denied = await reader.SendAsync(HttpMethod.Post, $"v2/{readerLogin}/img/blobs/uploads/");
        Assert.Equal("DENIED", await RegistryClient.ErrorCodeAsync(denied));
    }

    private async Task<Wharf.Core.Accounts.Account?> AccountAsync(string login)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Wharf.Core.Accounts.AccountService>().FindAsync(login, default);
    }

    private static async Task<(string Digest, string? Subject)> PushReferrerAsync(RegistryClient client, string name, JsonObject subject, string artifactType)
    {
        var empty = await client.PushBlobAsync(name, Encoding.UTF8.GetBytes("{}"));
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["artifactType"] = artifactType,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = empty, ["size"] = 2 },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = empty, ["size"] = 2 }),
            ["subject"] = subject.DeepClone(),
        }.ToJsonString());
        var digest = RegistryClient.Digest(manifest);
        var response = await client.PutManifestAsync(name, digest, manifest, OciLayout.OciManifest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (digest, response.Headers.TryGetValues("OCI-Subject", out var values) ? values.Single() : null);
    }

    private static ByteArrayContent Chunk(byte[] all, int offset, int length)
    {
        var content = new ByteArrayContent(all, offset, length);
        content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
        return content;
    }
}
