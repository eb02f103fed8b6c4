using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// Publish validation over HTTP, with bodies made to break one rule each: every refusal answers a clear npm error, and
/// leaves no version behind and no blob in the store (the tarball is checked while it streams in, before the store
/// commits it). Runs against a server with 64 KB limits so the size rules can be driven with small bodies.
/// </summary>
public sealed class NpmPublishValidationTests(LimitedNpmServer fixture) : IClassFixture<LimitedNpmServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_document_publishes_in_npms_and_in_yarns_member_order(bool attachmentsFirst)
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("ordered");
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl) { AttachmentsFirst = attachmentsFirst };

        var (status, error) = await PutAsync(server, owner, name, body.ToBytes());
        Assert.True(status == HttpStatusCode.Created, error);
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal("1.0.0", (await rest.VersionsAsync("ordered")).Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Republishing_a_version_answers_npms_409()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("twice");
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(server, owner, name, body.ToBytes())).Status);

        // Other bytes for the same version: refused before they are stored.
        var again = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0", paddingBytes: 100), owner.RepositoryUrl);
        var blobs = BlobCount(server);
        var (status, error) = await PutAsync(server, owner, name, again.ToBytes());
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("""{"error":"Cannot publish over existing version"}""", error);
        Assert.Equal(blobs, BlobCount(server));
    }

    [Fact]
    public async Task Bad_base64_is_refused_and_nothing_is_stored()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("garbled");
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl);
        body.Base64 = Convert.ToBase64String(body.Tarball)[..40] + "!@#$" + Convert.ToBase64String(body.Tarball)[44..];

        await AssertRefusedAsync(server, owner, "garbled", body.ToBytes(), HttpStatusCode.BadRequest, "The tarball in _attachments is not valid base64.");
    }

    [Theory]
    [InlineData("sha512", "Integrity check failed: the tarball's sha512 does not match dist.integrity.")]
    [InlineData("sha1", "Integrity check failed: the tarball's sha1 does not match dist.shasum.")]
    public async Task A_digest_that_does_not_match_is_refused_and_nothing_is_stored(string digest, string message)
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("tampered-" + digest);
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl);
        var other = NpmTarball.Create(name, "1.0.1");
        if (digest == "sha512")
        {
            body.Integrity = NpmTarball.Integrity(other);
        }
        else
        {
            body.Shasum = NpmTarball.Shasum(other);
        }

        await AssertRefusedAsync(server, owner, "tampered-" + digest, body.ToBytes(), HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Names_that_do_not_agree_are_refused()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("named");
        var wrongUrl = new NpmPublishBody(owner.Package("other"), "1.0.0", NpmTarball.Create(owner.Package("other"), "1.0.0"), owner.RepositoryUrl);
        await AssertRefusedAsync(server, owner, "named", wrongUrl.ToBytes(), HttpStatusCode.BadRequest,
            $"The document is for {owner.Package("other")}, but was sent to {name}.", path: name);

        var upper = new NpmPublishBody(owner.Package("Named"), "1.0.0", NpmTarball.Create(owner.Package("Named"), "1.0.0"), owner.RepositoryUrl);
        await AssertRefusedAsync(server, owner, "Named", upper.ToBytes(), HttpStatusCode.BadRequest, "must be lower case");

        var version = new NpmPublishBody(name, "1.0", NpmTarball.Create(name, "1.0"), owner.RepositoryUrl);
        await AssertRefusedAsync(server, owner, "named", version.ToBytes(), HttpStatusCode.BadRequest, "Invalid version \"1.0\"");

        // The tarball's own package.json must be the same package: the bytes were stored to be read, and are deleted
        // with the refusal.
        var packed = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(owner.Package("impostor"), "1.0.0"), owner.RepositoryUrl);
        var blobs = BlobCount(server);
        var (status, error) = await PutAsync(server, owner, name, packed.ToBytes());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"The tarball's package.json is {owner.Package("impostor")}@1.0.0, but the publish is for {name}@1.0.0.", error, StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("named"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publishing_into_another_owners_scope_is_refused_and_nothing_is_stored(bool attachmentsFirst)
    {
        var (server, owner) = await OwnerAsync();
        var victim = await NpmOwner.CreateAsync(server);
        var name = victim.Package("hijack");
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), victim.RepositoryUrl) { AttachmentsFirst = attachmentsFirst };

        // The victim's private repository and their namespace are nothing the caller may see: 404, as for a read.
        var blobs = BlobCount(server);
        var (status, error) = await PutAsync(server, owner, name, body.ToBytes());
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("""{"error":"Not found"}""", error);
        Assert.Equal(blobs, BlobCount(server));
        using var rest = new NpmRestApi(server, victim);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("hijack"));

        var unknown = owner.Package("x").Replace(owner.Scope, "no-such-owner-" + owner.Scope, StringComparison.Ordinal);
        var (unknownStatus, unknownError) = await PutAsync(server, owner, unknown, new NpmPublishBody(unknown, "1.0.0", [], null).ToBytes());
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Equal("""{"error":"Permission not_found: owner not found"}""", unknownError);
    }

    [Fact]
    public async Task A_missing_repository_is_refused_naming_what_to_add()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("unlinked");
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), repository: null);

        await AssertRefusedAsync(server, owner, "unlinked", body.ToBytes(), HttpStatusCode.BadRequest,
            $"{name} must be linked to a repository of {owner.Account.Login}: add \"repository\": \"{server.BaseAddress.ToString().TrimEnd('/')}/{owner.Account.Login}/REPOSITORY\" to package.json");
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_before_anything_is_stored()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("huge");

        // Content-Length alone says it is too large: refused before a byte is read.
        var declared = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0", paddingBytes: 3 * LimitedNpmServer.MaxTarballBytes), owner.RepositoryUrl);
        await AssertRefusedAsync(server, owner, "huge", declared.ToBytes(), HttpStatusCode.RequestEntityTooLarge, "Package tarballs are limited to");

        // Within the body limit, but the decoded tarball passes the tarball limit while it streams.
        var streamed = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0", paddingBytes: LimitedNpmServer.MaxTarballBytes + 1024), owner.RepositoryUrl);
        await AssertRefusedAsync(server, owner, "huge", streamed.ToBytes(), HttpStatusCode.RequestEntityTooLarge, "Package tarballs are limited to");

        // Everything but the tarball has its own limit.
        var wordy = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl);
        wordy.Manifest["readme"] = new string('x', LimitedNpmServer.MaxManifestBytes);
        await AssertRefusedAsync(server, owner, "huge", wordy.ToBytes(), HttpStatusCode.BadRequest, "The package metadata is larger than");
    }

    [Fact]
    public async Task A_body_that_is_not_a_publish_document_is_refused()
    {
        var (server, owner) = await OwnerAsync();
        var name = owner.Package("broken");
        var valid = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl).ToBytes();

        await AssertRefusedAsync(server, owner, "broken", valid[..(valid.Length / 2)], HttpStatusCode.BadRequest, "ended");
        await AssertRefusedAsync(server, owner, "broken", "[1,2]"u8.ToArray(), HttpStatusCode.BadRequest, "not valid JSON");

        // Junk after a tarball that kept its promises is found only once the tarball is in: it is deleted again.
        var blobs = BlobCount(server);
        var (status, error) = await PutAsync(server, owner, name, [.. valid, .. "{}"u8.ToArray()]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("content after its end", error, StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("broken"));
    }

    private async Task<(WharfTestServer Server, NpmOwner Owner)> OwnerAsync()
    {
        var server = fixture.Start();
        return (server, await NpmOwner.CreateAsync(server));
    }

    private static async Task AssertRefusedAsync(
        WharfTestServer server, NpmOwner owner, string restName, byte[] body, HttpStatusCode expected, string message, string? path = null)
    {
        var blobs = BlobCount(server);
        var (status, error) = await PutAsync(server, owner, path ?? owner.Package(restName), body);
        Assert.Equal(expected, status);
        Assert.Contains(message, JsonNode.Parse(error)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")));
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync(restName));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAsync(WharfTestServer server, NpmOwner owner, string name, byte[] body)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PutAsync("_registry/npm/" + name.Replace("/", "%2f", StringComparison.Ordinal), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int BlobCount(WharfTestServer server)
    {
        var root = Path.Combine(server.DataDirectory, "blobs");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
