using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary><c>wharf gc</c>'s collector: unreferenced blobs go after the grace period, referenced ones never.</summary>
public sealed class GarbageCollectionTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Gc_keeps_referenced_and_fresh_blobs_and_reclaims_the_rest_and_expired_sessions()
    {
        var owner = await _server.Seed.UserAsync();
        var token = await _server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.DeletePackages);
        using var client = new RegistryClient(_server, token);
        await client.LoginAsync();
        var name = $"{owner.Login}/gc";
        var (kept, _) = await client.PushImageAsync(name, "v1");
        var (deletedVersion, _) = await client.PushImageAsync(name, "v2");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, $"v2/{name}/manifests/{deletedVersion}")).StatusCode);
        var loose = await client.PushBlobAsync(name, RandomNumberGenerator.GetBytes(2048));
        var session = (await client.SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/")).Headers.Location!.ToString();

        // Within the grace period nothing unreferenced goes: its manifest may still be on its way.
        var patient = await CollectAsync(new ContainerOptions());
        Assert.Equal(0, patient.BlobsDeleted);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Head, $"v2/{name}/blobs/{loose}")).StatusCode);

        await Task.Delay(1100);
        var report = await CollectAsync(new ContainerOptions { GcGracePeriod = TimeSpan.Zero, UploadExpiry = TimeSpan.Zero });
        Assert.Equal(1, report.BlobsDeleted);
        Assert.Equal(1, report.UploadsExpired);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Head, $"v2/{name}/blobs/{loose}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, session)).StatusCode);

        // The image and the deleted (still restorable) version keep every blob.
        var manifest = await client.SendAsync(HttpMethod.Get, $"v2/{name}/manifests/{kept}");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        await using var scope = _server.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        Assert.True(await blobs.ExistsAsync(BlobDigest.Parse(deletedVersion[7..]), default));
    }

    private async Task<GarbageCollectionReport> CollectAsync(ContainerOptions options)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var collector = new BlobGarbageCollector(
            services.GetRequiredService<IBlobStore>(), services.GetRequiredService<IContainerStore>(), services.GetRequiredService<IUploadArea>(),
            Options.Create(options), TimeProvider.System);
        return await collector.CollectAsync(dryRun: false, default);
    }
}
