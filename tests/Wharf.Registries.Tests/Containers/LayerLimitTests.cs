using System.Net;
using System.Security.Cryptography;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// The layer size limit (ghcr.io: 10 GB) holds on every way a blob arrives, before or while it streams, with 413
/// SIZE_INVALID; a refused chunk leaves its session where it was, and nothing refused is stored.
/// </summary>
public sealed class LayerLimitTests : IAsyncLifetime
{
    private const int Limit = 1000;
    private WharfTestServer _server = null!;
    private RegistryClient _client = null!;
    private string _name = "";

    public async ValueTask InitializeAsync()
    {
        _server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Containers:MaxLayerBytes"] = $"{Limit}" });
        var owner = await _server.Seed.UserAsync();
        _client = new RegistryClient(_server, await _server.Seed.TokenAsync(owner, [Scope.WritePackages, Scope.ReadPackages]));
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync()).StatusCode);
        _name = $"{owner.Login}/limited";
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_monolithic_upload_past_the_limit_is_refused_and_not_stored()
    {
        var blob = RandomNumberGenerator.GetBytes(Limit + 1);
        var refused = await _client.SendAsync(HttpMethod.Post, $"v2/{_name}/blobs/uploads/?digest={RegistryClient.Digest(blob)}", new ByteArrayContent(blob));

        await AssertTooLargeAsync(refused);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Head, $"v2/{_name}/blobs/{RegistryClient.Digest(blob)}")).StatusCode);
    }

    [Fact]
    public async Task A_chunk_that_would_pass_the_limit_is_refused_and_the_session_goes_on_from_where_it_was()
    {
        var blob = RandomNumberGenerator.GetBytes(Limit);
        var location = await StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SendAsync(HttpMethod.Patch, location, Chunk(blob, 0, 600))).StatusCode);

        // Content-Length says it will not fit: refused before a byte is read.
        var tooMuch = Chunk(RandomNumberGenerator.GetBytes(500), 0, 500, offset: 600);
        await AssertTooLargeAsync(await _client.SendAsync(HttpMethod.Patch, location, tooMuch));

        // No Content-Length (chunked transfer): refused once the bytes pass the limit.
        var streamed = new StreamContent(new NoLengthStream(RandomNumberGenerator.GetBytes(500)));
        streamed.Headers.TryAddWithoutValidation("Content-Range", "600-1099");
        await AssertTooLargeAsync(await _client.SendAsync(HttpMethod.Patch, location, streamed));

        var status = await _client.SendAsync(HttpMethod.Get, location);
        Assert.Equal("0-599", status.Headers.GetValues("Range").Single());
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SendAsync(HttpMethod.Patch, location, Chunk(blob, 600, 400))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(blob)}")).StatusCode);
        var pulled = await _client.SendAsync(HttpMethod.Get, $"v2/{_name}/blobs/{RegistryClient.Digest(blob)}");
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_first_chunk_or_a_finishing_put_past_the_limit_is_refused_and_leaves_an_empty_session()
    {
        var blob = RandomNumberGenerator.GetBytes(Limit + 1);
        var location = await StartAsync();

        // A first chunk streams straight into the blob store, with no Content-Length to refuse it early.
        var streamed = new StreamContent(new NoLengthStream(blob));
        await AssertTooLargeAsync(await _client.SendAsync(HttpMethod.Patch, location, streamed));
        await AssertTooLargeAsync(await _client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(blob)}", new ByteArrayContent(blob)));

        var status = await _client.SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", status.Headers.GetValues("Range").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Head, $"v2/{_name}/blobs/{RegistryClient.Digest(blob)}")).StatusCode);
    }

    private async Task<string> StartAsync()
    {
        var start = await _client.SendAsync(HttpMethod.Post, $"v2/{_name}/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return start.Headers.Location!.ToString();
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("SIZE_INVALID", await RegistryClient.ErrorCodeAsync(response));
    }

    private static ByteArrayContent Chunk(byte[] all, int start, int length, int? offset = null)
    {
        var content = new ByteArrayContent(all, start, length);
        var at = offset ?? start;
        content.Headers.TryAddWithoutValidation("Content-Range", $"{at}-{at + length - 1}");
        return content;
    }

    /// <summary>A body whose length is not known up front, so the client sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
