using System.Security.Cryptography;
using System.Text;
using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary><c>wharf fsck</c> runs as a process on a data folder the server filled, before and after a blob goes.</summary>
public sealed class FsckCommandTests
{
    [Fact]
    public async Task Fsck_exits_0_on_a_clean_folder_and_1_naming_the_file_whose_blob_was_removed()
    {
        using var folder = new TemporaryFolder();
        string login;
        await using (var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["DataDirectory"] = folder.Path }))
        {
            var owner = await server.Seed.UserAsync();
            login = owner.Login;
            var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.Repo);
            await server.Seed.PublishAsync(token, owner, PackageType.Npm, "widget", "1.0.0", await server.Seed.RepositoryAsync(owner));
        }

        var cli = WharfCli.ForDataFolder(folder.Path);
        var clean = await cli.RunAsync("fsck", "--verify-digests");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal(
            "Checked 1 package files, 0 image blob links, 0 upload sessions and 1 blobs (1 digests verified); 0 problems; 0 unreferenced blobs " +
            "(wharf gc reclaims them); 0 temporary files of unfinished writes (0 bytes; wharf gc removes those older than its grace period).",
            clean.Output.Trim());

        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{login}/widget@1.0.0")));
        File.Delete(Path.Combine(folder.Path, "blobs", "sha256", hex[..2], hex));
        var broken = await cli.RunAsync("fsck");

        Assert.True(broken.ExitCode == 1, broken.ToString());
        var lines = broken.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal($"missing blob sha256:{hex}: npm package {login}/widget version 1.0.0 file widget-1.0.0.bin", lines[0]);
        Assert.StartsWith("Checked 1 package files, 0 image blob links, 0 upload sessions and 0 blobs (digests not verified); 1 problems;", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_counts_the_temporary_files_of_unfinished_writes_without_calling_them_problems()
    {
        using var folder = new TemporaryFolder();
        await using (var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["DataDirectory"] = folder.Path }))
        {
            var owner = await server.Seed.UserAsync();
            var token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.Repo);
            await server.Seed.PublishAsync(token, owner, PackageType.Npm, "widget", "1.0.0", await server.Seed.RepositoryAsync(owner));
        }

        // What a write killed mid-way leaves (hours ago), and one still streaming (now).
        UnfinishedWrite.Plant(folder.Path, 1000, DateTime.UtcNow.AddHours(-5));
        UnfinishedWrite.Plant(folder.Path, 24, DateTime.UtcNow);

        var result = await WharfCli.ForDataFolder(folder.Path).RunAsync("fsck");

        // Nothing references them and nothing is lost: a count for the operator, not a failure.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith(
            "0 problems; 0 unreferenced blobs (wharf gc reclaims them); " +
            "2 temporary files of unfinished writes (1024 bytes; wharf gc removes those older than its grace period).",
            result.Output.Trim(), StringComparison.Ordinal);
    }
}
