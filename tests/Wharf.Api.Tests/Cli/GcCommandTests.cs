using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary><c>wharf gc</c> runs as a process on a data folder and clears what killed writes left in <c>tmp</c>.</summary>
public sealed class GcCommandTests
{
    [Fact]
    public async Task Gc_removes_temporary_files_untouched_for_the_grace_period_and_keeps_younger_ones()
    {
        using var folder = new TemporaryFolder();
        await using (var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["DataDirectory"] = folder.Path }))
        {
            var owner = await server.Seed.UserAsync();
            var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.Repo);
            await server.Seed.PublishAsync(token, owner, PackageType.Npm, "widget", "1.0.0", await server.Seed.RepositoryAsync(owner));
        }

        // The grace period is an hour: a write killed two hours ago goes; one written to a minute ago may still be
        // streaming and stays, as does a file the store did not name.
        var killed = UnfinishedWrite.Plant(folder.Path, 3000, DateTime.UtcNow.AddHours(-2));
        var streaming = UnfinishedWrite.Plant(folder.Path, 500, DateTime.UtcNow.AddMinutes(-1));
        var foreign = Path.Combine(folder.Path, "tmp", "notes.txt");
        await File.WriteAllTextAsync(foreign, "not a blob write");
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddDays(-3));
        var cli = WharfCli.ForDataFolder(folder.Path);

        var dry = await cli.RunAsync("gc", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.StartsWith("Would reclaim 0 blobs (0 bytes) and 1 temporary files of unfinished writes (3000 bytes);", dry.Output.Trim(), StringComparison.Ordinal);
        Assert.True(File.Exists(killed), "A dry run removes nothing.");

        var collected = await cli.RunAsync("gc");
        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.StartsWith("Reclaimed 0 blobs (0 bytes) and 1 temporary files of unfinished writes (3000 bytes);", collected.Output.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(killed), "The killed write's file is removed.");
        Assert.True(File.Exists(streaming), "A file written to within the grace period stays.");
        Assert.True(File.Exists(foreign), "Only the store's own temporary names are removed.");

        var check = await cli.RunAsync("fsck");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("1 temporary files of unfinished writes (500 bytes;", check.Output, StringComparison.Ordinal);
    }
}
