using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Maintenance;

/// <summary>
/// <c>wharf gc</c>'s collector and the blob store's temporary files: what a killed write left goes after the grace
/// period; a write that has not ended keeps its file, however long since its last byte, and completes.
/// </summary>
public sealed class UnfinishedWriteCollectionTests
{
    [Fact]
    public async Task Gc_removes_a_killed_writes_file_and_leaves_a_write_in_progress_to_finish()
    {
        await using var server = await WharfTestServer.StartAsync();
        var tmp = Path.Combine(server.DataDirectory, "tmp");
        var blobs = server.Services.GetRequiredService<IBlobStore>();

        // A write in progress whose client went quiet: its temporary file is older than the grace period, as a slow
        // client's can be (the store writes a buffer's worth at a time), yet the write has not ended.
        var pipe = new Pipe();
        var content = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        var writing = blobs.WriteAsync(pipe.Reader.AsStream(), new BlobWriteOptions(), CancellationToken.None);
        await pipe.Writer.WriteAsync(content.AsMemory(0, content.Length / 2));
        var streaming = await WaitForTemporaryFileAsync(tmp);
        File.SetLastWriteTimeUtc(streaming, DateTime.UtcNow.AddHours(-3));

        // What a process killed mid-write two hours ago left.
        var killed = Path.Combine(tmp, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(killed, new byte[4096]);
        File.SetLastWriteTimeUtc(killed, DateTime.UtcNow.AddHours(-2));

        await CollectAsync(server, new ContainerOptions { GcGracePeriod = TimeSpan.FromHours(1) });

        Assert.False(File.Exists(killed), "A temporary file untouched for the grace period is removed.");
        Assert.True(File.Exists(streaming), "The file of a write that has not ended stays.");
        await pipe.Writer.WriteAsync(content.AsMemory(content.Length / 2));
        await pipe.Writer.CompleteAsync();
        var written = await writing;
        Assert.Equal(BlobWriteStatus.Stored, written.Status);
        Assert.True(await blobs.ExistsAsync(written.Digest, default));
        Assert.Empty(Directory.EnumerateFiles(tmp));
    }

    private static async Task<string> WaitForTemporaryFileAsync(string tmp)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Directory.EnumerateFiles(tmp).FirstOrDefault(f => new FileInfo(f).Length > 0) is { } path)
            {
                return path;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The write never reached its temporary file.");
    }

    private static async Task CollectAsync(WharfTestServer server, ContainerOptions options)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var collector = new BlobGarbageCollector(
            services.GetRequiredService<IBlobStore>(), services.GetRequiredService<IContainerStore>(), services.GetRequiredService<IUploadArea>(),
            Options.Create(options), TimeProvider.System);
        await collector.CollectAsync(dryRun: false, default);
    }
}
