using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Registries.Tests.Containers;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Maintenance;

/// <summary><c>wharf fsck</c>'s check: metadata and blobs agree, and each disagreement names what holds the blob.</summary>
public sealed class BlobIntegrityCheckTests
{
    [Fact]
    public async Task A_clean_store_has_no_problems_and_counts_everything_it_checked()
    {
        await using var server = await WharfTestServer.StartAsync();
        await PushAsync(server);

        var report = await CheckAsync(server, verifyDigests: true);

        Assert.Empty(report.Problems);
        Assert.True(report.Healthy);

        // npm: one file; the image: manifest, config and layer, each a file and a link; four distinct blobs.
        Assert.Equal(4, report.FilesChecked);
        Assert.Equal(3, report.LinksChecked);
        Assert.Equal(0, report.UploadsChecked);
        Assert.Equal(4, report.BlobsChecked);
        Assert.Equal(4, report.BlobsVerified);
        Assert.Equal(0, report.UnreferencedBlobs);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task A_missing_tarball_and_a_corrupt_layer_are_reported_naming_their_package_and_image(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);
        var pushed = await PushAsync(server);
        File.Delete(PathOf(server, pushed.Tarball));
        FlipByte(PathOf(server, pushed.Layer));

        var quick = await CheckAsync(server, verifyDigests: false);
        var missing = Assert.Single(quick.Problems);
        Assert.Equal(BlobProblemKind.Missing, missing.Kind);
        Assert.Equal(pushed.Tarball, missing.Digest);
        var file = Assert.Single(missing.Files);
        Assert.Equal(
            (pushed.Owner.Login, PackageType.Npm, "widget", "1.0.0", "widget-1.0.0.bin", false),
            (file.Owner, file.Type, file.Package, file.Version, file.File, file.Deleted));
        Assert.Empty(missing.Links);
        Assert.Empty(missing.Uploads);
        Assert.Equal((4, 3, 3, 0), (quick.FilesChecked, quick.LinksChecked, quick.BlobsChecked, quick.BlobsVerified));

        var full = await CheckAsync(server, verifyDigests: true);
        Assert.Equal(2, full.Problems.Count);
        Assert.Equal((BlobProblemKind.Missing, pushed.Tarball), (full.Problems[0].Kind, full.Problems[0].Digest));
        Assert.Equal(file, Assert.Single(full.Problems[0].Files));
        var corrupt = full.Problems[1];
        Assert.Equal(BlobProblemKind.Corrupt, corrupt.Kind);
        Assert.Equal(pushed.Layer, corrupt.Digest);
        Assert.NotEqual(pushed.Layer, corrupt.ActualDigest);
        var layerFile = Assert.Single(corrupt.Files);
        Assert.Equal(
            (pushed.Owner.Login, PackageType.Container, "app", pushed.Manifest, "sha256:" + pushed.Layer),
            (layerFile.Owner, layerFile.Type, layerFile.Package, layerFile.Version, layerFile.File));
        var link = Assert.Single(corrupt.Links);
        Assert.Equal((pushed.Owner.Login, "app", pushed.Layer), (link.Owner, link.Repository, link.Digest));
        Assert.Equal((3, 3, 0), (full.BlobsChecked, full.BlobsVerified, full.UnreferencedBlobs));
    }

    [Fact]
    public async Task A_file_of_a_deleted_version_whose_blob_has_the_wrong_size_is_reported_as_deleted()
    {
        await using var server = await WharfTestServer.StartAsync();
        var pushed = await PushAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Core.Metadata.IPackageStore>();
            var package = await store.FindActiveAsync(pushed.Owner.Id, PackageType.Npm, "widget", default);
            var version = await store.FindActiveVersionByNameAsync(package!.Id, "1.0.0", default);
            await store.SoftDeleteVersionAsync(version!.Id, DateTime.UtcNow, default);
        }

        var path = PathOf(server, pushed.Tarball);
        var size = new FileInfo(path).Length;
        await File.AppendAllTextAsync(path, "!");

        var report = await CheckAsync(server, verifyDigests: false);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((BlobProblemKind.WrongSize, pushed.Tarball, size, size + 1), (problem.Kind, problem.Digest, problem.RecordedSize, problem.ActualSize));
        Assert.True(Assert.Single(problem.Files).Deleted);
    }

    [Fact]
    public async Task An_unreferenced_blob_is_counted_not_reported_and_a_lost_link_is_reported()
    {
        await using var server = await WharfTestServer.StartAsync();
        var pushed = await PushAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var blobs = scope.ServiceProvider.GetRequiredService<IBlobStore>();
            await blobs.WriteAsync(new MemoryStream(Encoding.UTF8.GetBytes("nothing points here")), new BlobWriteOptions(), default);
        }

        var report = await CheckAsync(server, verifyDigests: true);
        Assert.Empty(report.Problems);
        Assert.Equal((5, 5, 1), (report.BlobsChecked, report.BlobsVerified, report.UnreferencedBlobs));

        // A layer pushed for a manifest not yet pushed: only its link holds it, which gc does not count as a reference.
        using var client = new RegistryClient(server, pushed.Token);
        await client.LoginAsync();
        var loose = (await client.PushBlobAsync($"{pushed.Owner.Login}/app", Encoding.UTF8.GetBytes("a layer on its way")))[7..];
        File.Delete(PathOf(server, loose));

        var lost = await CheckAsync(server, verifyDigests: false);
        var problem = Assert.Single(lost.Problems);
        Assert.Equal((BlobProblemKind.Missing, loose), (problem.Kind, problem.Digest));
        Assert.Empty(problem.Files);
        var link = Assert.Single(problem.Links);
        Assert.Equal((pushed.Owner.Login, "app"), (link.Owner, link.Repository));
        Assert.Equal((4, 4, 5, 1), (lost.FilesChecked, lost.LinksChecked, lost.BlobsChecked, lost.UnreferencedBlobs));
    }

    /// <summary>An npm version through the core and a one-layer image through the registry, for a new owner.</summary>
    private static async Task<Pushed> PushAsync(WharfTestServer server)
    {
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);
        await server.Seed.PublishAsync(token, owner, PackageType.Npm, "widget", "1.0.0", await server.Seed.RepositoryAsync(owner));
        var tarball = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{owner.Login}/widget@1.0.0")));

        using var client = new RegistryClient(server, token);
        await client.LoginAsync();
        var (manifest, bytes) = await client.PushImageAsync($"{owner.Login}/app", "v1");
        using var json = JsonDocument.Parse(bytes);
        var layer = json.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()![7..];
        return new Pushed(owner, token, tarball, manifest, layer);
    }

    private static async Task<BlobIntegrityReport> CheckAsync(WharfTestServer server, bool verifyDigests)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlobIntegrityCheck>().CheckAsync(verifyDigests, default);
    }

    /// <summary>Where the file system blob store keeps the blob (<c>blobs/sha256/ab/abcdef…</c> in the data folder).</summary>
    private static string PathOf(WharfTestServer server, string hex)
    {
        var path = Path.Combine(server.DataDirectory, "blobs", "sha256", hex[..2], hex);
        return File.Exists(path) ? path : throw new InvalidOperationException($"blob {hex} is not on disk");
    }

    /// <summary>Damages the blob in place: same length, one bit of one byte changed.</summary>
    private static void FlipByte(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = file.Length / 2;
        var value = file.ReadByte();
        file.Position--;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private sealed record Pushed(Account Owner, string Token, string Tarball, string Manifest, string Layer);
}
