using System.Net;
using System.Security.Cryptography;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// Two chunks sent to one upload session at once (OCI distribution-spec 1.1, "Pushing a blob in chunks": a chunk out of
/// order is answered 416). One chunk claims the session; the other gets an OCI error, never a 500, and the upload still
/// finishes with the right digest.
/// </summary>
public sealed class ConcurrentUploadTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Overlapping_patches_on_one_session_let_one_through_and_answer_the_other_416(bool afterFirstChunk)
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, [Scope.WritePackages, Scope.ReadPackages]);
        using var client = new RegistryClient(_server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync()).StatusCode);
        var name = $"{owner.Login}/race";
        var blob = RandomNumberGenerator.GetBytes(20_000);
        var start = await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/");
        var location = start.Headers.Location!.ToString();
        var id = start.Headers.GetValues("Docker-Upload-UUID").Single();

        // First chunk: straight into the blob store; later chunks append to the upload file.
        var offset = afterFirstChunk ? 4000 : 0;
        if (afterFirstChunk)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Patch, location, Chunk(blob, 0, offset))).StatusCode);
        }

        var slowBody = new SlowChunk(blob, offset, blob.Length - offset);
        var slowTask = client.SendAsync(HttpMethod.Patch, location, slowBody);
        await slowBody.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var fast = await client.SendAsync(HttpMethod.Patch, location, Chunk(blob, offset, blob.Length - offset));
        slowBody.Release.SetResult();
        var slow = await slowTask;

        var statuses = new[] { slow.StatusCode, fast.StatusCode };
        Assert.Contains(HttpStatusCode.Accepted, statuses);
        Assert.Contains(HttpStatusCode.RequestedRangeNotSatisfiable, statuses);
        var loser = slow.StatusCode == HttpStatusCode.Accepted ? fast : slow;
        Assert.Equal("BLOB_UPLOAD_INVALID", await RegistryClient.ErrorCodeAsync(loser));
        Assert.Equal(id, loser.Headers.GetValues("Docker-Upload-UUID").Single());
        Assert.True(loser.Headers.Contains("Range"));

        var status = await client.SendAsync(HttpMethod.Get, location);
        Assert.Equal($"0-{blob.Length - 1}", status.Headers.GetValues("Range").Single());
        var done = await client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(blob)}");
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var pulled = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{RegistryClient.Digest(blob)}");
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static ByteArrayContent Chunk(byte[] all, int offset, int length)
    {
        var content = new ByteArrayContent(all, offset, length);
        content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
        return content;
    }
}
