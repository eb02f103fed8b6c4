using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// The claim a chunk holds on its upload session: exclusive while renewed, taken over once stale, and worthless to its
/// old holder after a takeover. The rules are single statements in the database, so both providers are checked.
/// </summary>
public sealed class UploadClaimTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task A_claim_is_exclusive_until_stale_and_a_taken_over_holder_can_do_nothing(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);
        var owner = await server.Seed.UserAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IContainerStore>();
        var t0 = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        var lease = TimeSpan.FromMinutes(1);
        var id = Guid.NewGuid().ToString("N");
        await store.AddUploadAsync(new ContainerUpload { Id = id, OwnerId = owner.Id, Repository = "claims", CreatedAt = t0, UpdatedAt = t0 }, default);

        Assert.True(await store.TryClaimUploadAsync(id, 0, "first", "test-host/1/0/first", t0, t0 - lease, default));
        Assert.False(await store.TryClaimUploadAsync(id, 0, "second", "test-host/1/0/second", t0.AddSeconds(10), t0.AddSeconds(10) - lease, default));
        Assert.True(await store.RenewUploadClaimAsync(id, "first", t0.AddSeconds(20), default));

        // Renewed at +20 s: still fresh at +70 s, stale at +81 s.
        Assert.False(await store.TryClaimUploadAsync(id, 0, "second", "test-host/1/0/second", t0.AddSeconds(70), t0.AddSeconds(70) - lease, default));
        Assert.True(await store.TryClaimUploadAsync(id, 0, "second", "test-host/1/0/second", t0.AddSeconds(81), t0.AddSeconds(81) - lease, default));

        Assert.False(await store.RenewUploadClaimAsync(id, "first", t0.AddSeconds(82), default));
        Assert.False(await store.TryAdvanceUploadAsync(id, "first", 999, null, t0.AddSeconds(82), default));
        Assert.False(await store.TryDeleteClaimedUploadAsync(id, "first", default));
        await store.ReleaseUploadClaimAsync(id, "first", default);
        Assert.Equal("second", (await store.FindUploadAsync(id, default))!.ClaimId);

        Assert.True(await store.TryAdvanceUploadAsync(id, "second", 10, null, t0.AddSeconds(83), default));
        var advanced = (await store.FindUploadAsync(id, default))!;
        Assert.Equal((10L, (string?)null), (advanced.Offset, advanced.ClaimId));

        // A claim names the offset it starts from: one at the old offset is refused, one at the new offset is taken.
        Assert.False(await store.TryClaimUploadAsync(id, 0, "third", "test-host/1/0/third", t0.AddSeconds(84), t0.AddSeconds(84) - lease, default));
        Assert.True(await store.TryClaimUploadAsync(id, 10, "third", "test-host/1/0/third", t0.AddSeconds(84), t0.AddSeconds(84) - lease, default));
        Assert.Equal("test-host/1/0/third", (await store.FindUploadAsync(id, default))!.ClaimHolder);

        // A dead process's claim is taken over only as it was seen: under its id, at its offset.
        Assert.False(await store.TryTakeOverUploadClaimAsync(id, 10, "second", "fourth", "test-host/2/0/fourth", t0.AddSeconds(85), default));
        Assert.False(await store.TryTakeOverUploadClaimAsync(id, 0, "third", "fourth", "test-host/2/0/fourth", t0.AddSeconds(85), default));
        Assert.True(await store.TryTakeOverUploadClaimAsync(id, 10, "third", "fourth", "test-host/2/0/fourth", t0.AddSeconds(85), default));
        Assert.Equal("test-host/2/0/fourth", (await store.FindUploadAsync(id, default))!.ClaimHolder);
        Assert.False(await store.TryDeleteClaimedUploadAsync(id, "third", default));
        Assert.True(await store.TryDeleteClaimedUploadAsync(id, "fourth", default));
        Assert.Null(await store.FindUploadAsync(id, default));
    }

    [Fact]
    public async Task A_streaming_chunk_renews_its_claim_so_a_second_chunk_is_refused_past_the_lease()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Containers:UploadClaimLease"] = "00:00:01" });
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, [Scope.WritePackages, Scope.ReadPackages]);
        using var client = new RegistryClient(server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync()).StatusCode);
        var name = $"{owner.Login}/renewed";
        var blob = RandomNumberGenerator.GetBytes(50_000);
        var location = (await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/")).Headers.Location!.ToString();

        var slowBody = new SlowChunk(blob, 0, blob.Length);
        var slowTask = client.SendAsync(HttpMethod.Patch, location, slowBody);
        await slowBody.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Two and a half leases later the stalled chunk still holds the session, because it kept renewing.
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        var second = new ByteArrayContent(blob);
        second.Headers.TryAddWithoutValidation("Content-Range", $"0-{blob.Length - 1}");
        var refused = await client.SendAsync(HttpMethod.Patch, location, second);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
        Assert.Equal("BLOB_UPLOAD_INVALID", await RegistryClient.ErrorCodeAsync(refused));
        Assert.Contains("another chunk", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        slowBody.Release.SetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await slowTask).StatusCode);
        var done = await client.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(blob)}");
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var pulled = await client.SendAsync(HttpMethod.Get, $"v2/{name}/blobs/{RegistryClient.Digest(blob)}");
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
