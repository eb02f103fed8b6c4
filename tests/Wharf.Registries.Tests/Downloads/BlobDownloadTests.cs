using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Wharf.Core.Tokens;
using Wharf.Registries.Tests.Containers;
using Wharf.Registries.Tests.Npm;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Downloads;

/// <summary>
/// Downloads from local disk over real HTTP (RFC 9110 §13 conditional requests, §14 range requests): container blobs
/// and manifests, npm tarballs. The blob is larger than one 256 KiB read step and not a multiple of it, so the whole
/// body, ranges across a step boundary and the short last step all go through the send loop.
/// </summary>
public sealed class BlobDownloadTests(BlobDownloadServer fixture) : IClassFixture<BlobDownloadServer>
{
    /// <summary>The send loop's step (<c>BlobDownloadResult.ChunkSize</c>).</summary>
    private const int Step = 256 * 1024;

    private const int Length = 700_001;

    [Fact]
    public async Task Whole_blob_arrives_intact_with_length_etag_accept_ranges_and_digest()
    {
        Assert.NotEqual(0, Length % Step);
        var (client, url, blob, digest) = await PushedBlobAsync();
        using var _ = client;

        using var response = await client.SendAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Length, response.Content.Headers.ContentLength);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{digest}\"", response.Headers.GetValues("ETag").Single());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Theory]
    [InlineData("bytes=100-199", 100, 199)]
    [InlineData("bytes=0-0", 0, 0)]
    [InlineData("bytes=699990-", 699_990, 700_000)]
    [InlineData("bytes=700000-", 700_000, 700_000)]
    [InlineData("bytes=0-", 0, 700_000)]
    [InlineData("bytes=-5", 699_996, 700_000)]
    [InlineData("bytes=-800000", 0, 700_000)]
    [InlineData("bytes=262000-263000", 262_000, 263_000)]
    [InlineData("bytes=262143-262144", 262_143, 262_144)]
    [InlineData("bytes=699000-900000", 699_000, 700_000)]
    public async Task One_range_is_206_with_exactly_those_bytes(string range, int first, int last)
    {
        var (client, url, blob, digest) = await PushedBlobAsync();
        using var _ = client;

        using var response = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/{Length}", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
        Assert.Equal(blob[first..(last + 1)], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{digest}\"", response.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("bytes=700001-")]
    [InlineData("bytes=800000-900000")]
    [InlineData("bytes=-0")]
    public async Task Range_past_the_end_is_416_naming_the_length(string range)
    {
        var (client, url, _, _) = await PushedBlobAsync();
        using var _ = client;

        using var response = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{Length}", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=0-1, 600000-")]
    [InlineData("items=0-1")]
    [InlineData("bytes=garbage")]
    public async Task Several_ranges_or_an_unreadable_range_get_the_whole_body(string range)
    {
        var (client, url, blob, _) = await PushedBlobAsync();
        using var _ = client;

        using var response = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(Length, response.Content.Headers.ContentLength);
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_none_match_with_the_etag_is_304_without_a_body()
    {
        var (client, url, blob, digest) = await PushedBlobAsync();
        using var _ = client;

        // The strong tag, its weak form (If-None-Match compares weakly), "*" and a list holding it all match.
        foreach (var tag in new[] { $"\"{digest}\"", $"W/\"{digest}\"", "*", $"\"sha256:{new string('0', 64)}\", \"{digest}\"" })
        {
            using var notModified = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", tag));
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal($"\"{digest}\"", notModified.Headers.ETag!.Tag);
        }

        // A Range does not beat a matching If-None-Match.
        using var ranged = await client.SendAsync(HttpMethod.Get, url, configure: r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{digest}\""));
            r.Headers.Range = new RangeHeaderValue(0, 9);
        });
        Assert.Equal(HttpStatusCode.NotModified, ranged.StatusCode);
        Assert.Empty(await ranged.Content.ReadAsByteArrayAsync());

        // Another tag: the client's copy is stale, so the whole blob comes.
        using var modified = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"sha256:{new string('0', 64)}\"")));
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(blob, await modified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_range_with_the_etag_gives_the_range_and_anything_else_the_whole_body()
    {
        var (client, url, blob, digest) = await PushedBlobAsync();
        using var _ = client;

        using var resumed = await client.SendAsync(HttpMethod.Get, url, configure: r =>
        {
            r.Headers.Range = new RangeHeaderValue(300_000, null);
            r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{digest}\""));
        });
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal($"bytes 300000-700000/{Length}", resumed.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(blob[300_000..], await resumed.Content.ReadAsByteArrayAsync());

        // A different tag, the weak form of the right one (If-Range compares strongly, RFC 9110 §13.1.5) and a date (the
        // blob has no Last-Modified to compare it with) all mean the partial copy cannot be trusted: the whole body, 200.
        var conditions = new[]
        {
            new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"sha256:{new string('1', 64)}\"")),
            new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{digest}\"", isWeak: true)),
            new RangeConditionHeaderValue(DateTimeOffset.UtcNow.AddDays(1)),
        };
        foreach (var condition in conditions)
        {
            using var restarted = await client.SendAsync(HttpMethod.Get, url, configure: r =>
            {
                r.Headers.Range = new RangeHeaderValue(300_000, null);
                r.Headers.IfRange = condition;
            });
            Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
            Assert.Null(restarted.Content.Headers.ContentRange);
            Assert.Equal(Length, restarted.Content.Headers.ContentLength);
            Assert.Equal(blob, await restarted.Content.ReadAsByteArrayAsync());
        }

        // An If-Range that cannot be read (an unquoted tag) is not a match either.
        using var unreadable = await client.SendAsync(HttpMethod.Get, url, configure: r =>
        {
            r.Headers.Range = new RangeHeaderValue(300_000, null);
            r.Headers.TryAddWithoutValidation("If-Range", digest);
        });
        Assert.Equal(HttpStatusCode.OK, unreadable.StatusCode);
        Assert.Equal(blob, await unreadable.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_a_blob_gives_the_length_and_headers_without_a_body()
    {
        var (client, url, blob, digest) = await PushedBlobAsync();
        using var _ = client;

        using var response = await client.SendAsync(HttpMethod.Head, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{digest}\"", response.Headers.ETag!.Tag);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());

        // The connection is still in step: the next request on it reads its own answer, not leftovers of a HEAD body.
        using var get = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.Range = new RangeHeaderValue(0, 3));
        Assert.Equal(HttpStatusCode.PartialContent, get.StatusCode);
        Assert.Equal(blob[..4], await get.Content.ReadAsByteArrayAsync());

        // HEAD answers validators as GET does.
        using var notModified = await client.SendAsync(HttpMethod.Head, url, configure: r => r.Headers.IfNoneMatch.Add(response.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Manifest_get_answers_the_stored_bytes_with_its_media_type_digest_and_etag()
    {
        var (client, name) = await ContainerUserAsync();
        using var _ = client;
        var (digest, manifest) = await client.PushImageAsync(name, "v1");

        foreach (var reference in new[] { "v1", digest })
        {
            var url = $"v2/{name}/manifests/{reference}";
            using var response = await client.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.Accept.ParseAdd(OciLayout.OciManifest));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(manifest, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(manifest.Length, response.Content.Headers.ContentLength);
            Assert.Equal(OciLayout.OciManifest, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal($"\"{digest}\"", response.Headers.ETag!.Tag);

            using var notModified = await client.SendAsync(HttpMethod.Get, url, configure: r =>
            {
                r.Headers.Accept.ParseAdd(OciLayout.OciManifest);
                r.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            });
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(digest, notModified.Headers.GetValues("Docker-Content-Digest").Single());

            using var head = await client.SendAsync(HttpMethod.Head, url, configure: r => r.Headers.Accept.ParseAdd(OciLayout.OciManifest));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(manifest.Length, head.Content.Headers.ContentLength);
            Assert.Equal(OciLayout.OciManifest, head.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());
            using var headNotModified = await client.SendAsync(HttpMethod.Head, url, configure: r =>
            {
                r.Headers.Accept.ParseAdd(OciLayout.OciManifest);
                r.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            });
            Assert.Equal(HttpStatusCode.NotModified, headNotModified.StatusCode);

            // A manifest is a document to parse, never resumed: a Range is ignored and the whole of it sent.
            using var ranged = await client.SendAsync(HttpMethod.Get, url, configure: r =>
            {
                r.Headers.Accept.ParseAdd(OciLayout.OciManifest);
                r.Headers.Range = new RangeHeaderValue(0, 9);
            });
            Assert.Equal(HttpStatusCode.OK, ranged.StatusCode);
            Assert.Equal(manifest, await ranged.Content.ReadAsByteArrayAsync());
            Assert.Empty(ranged.Headers.AcceptRanges);
        }
    }

    [Fact]
    public async Task Npm_tarball_downloads_whole_by_range_and_revalidates_with_its_etag()
    {
        var server = fixture.Server;
        var owner = await NpmOwner.CreateAsync(server);
        var name = owner.Package("ranged");

        // Random padding does not compress: the tarball spans more than one read step.
        var tarball = NpmTarball.Create(name, "1.0.0", paddingBytes: 300_000);
        Assert.True(tarball.Length > Step);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        var packument = "_registry/npm/" + name.Replace("/", "%2f", StringComparison.Ordinal);
        using (var body = new ByteArrayContent(new NpmPublishBody(name, "1.0.0", tarball, owner.RepositoryUrl).ToBytes()))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var published = await client.PutAsync(packument, body);
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }

        var url = $"_registry/npm/{name}/-/ranged-1.0.0.tgz";
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(tarball))}\"";
        using var whole = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(tarball, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(tarball.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(etag, whole.Headers.ETag!.Tag);
        Assert.Equal("bytes", Assert.Single(whole.Headers.AcceptRanges));

        var first = Step - 10;
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, url);
        rangeRequest.Headers.Range = new RangeHeaderValue(first, first + 19);
        using var partial = await client.SendAsync(rangeRequest);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes {first}-{first + 19}/{tarball.Length}", partial.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(tarball[first..(first + 20)], await partial.Content.ReadAsByteArrayAsync());

        using var tailRequest = new HttpRequestMessage(HttpMethod.Get, url);
        tailRequest.Headers.Range = new RangeHeaderValue(null, 7);
        using var tail = await client.SendAsync(tailRequest);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(tarball[^7..], await tail.Content.ReadAsByteArrayAsync());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(whole.Headers.ETag!);
        using var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag!.Tag);

        using var pastEndRequest = new HttpRequestMessage(HttpMethod.Get, url);
        pastEndRequest.Headers.Range = new RangeHeaderValue(tarball.Length, null);
        using var pastEnd = await client.SendAsync(pastEndRequest);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, pastEnd.StatusCode);
        Assert.Equal($"bytes */{tarball.Length}", pastEnd.Content.Headers.GetValues("Content-Range").Single());
    }

    private async Task<(RegistryClient Client, string Name)> ContainerUserAsync()
    {
        var server = fixture.Server;
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages);
        var client = new RegistryClient(server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync()).StatusCode);
        return (client, $"{owner.Login}/downloads");
    }

    /// <summary>A new owner's image holding one blob of <see cref="Length"/> random bytes; the URL pulls it.</summary>
    private async Task<(RegistryClient Client, string Url, byte[] Blob, string Digest)> PushedBlobAsync()
    {
        var (client, name) = await ContainerUserAsync();
        var blob = RandomNumberGenerator.GetBytes(Length);
        var digest = await client.PushBlobAsync(name, blob);
        return (client, $"v2/{name}/blobs/{digest}", blob, digest);
    }
}

/// <summary>One server for the class (SQLite, local disk, so downloads take the file path); each test makes its own owner.</summary>
public sealed class BlobDownloadServer : IAsyncLifetime
{
    private WharfTestServer? _server;

    public WharfTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
