using System.CommandLine;
using Wharf.Core.Containers;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary>
/// <c>wharf gc</c>: reclaim unreferenced blobs, expired upload sessions and what killed writes left in <c>tmp</c>; safe
/// while the server runs.
/// </summary>
internal static class GcCommand
{
    public static Command Create(ServerOptions shared)
    {
        var command = new Command("gc", "Reclaim blobs no package references, expired container upload sessions and temporary files of unfinished writes");
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be reclaimed without deleting" };
        command.Options.Add(dryRun);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = WharfServer.Build([], shared.Overrides(parse));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<BlobGarbageCollector>().CollectAsync(parse.GetValue(dryRun), cancellationToken);
            await Console.Out.WriteLineAsync(
                $"{(parse.GetValue(dryRun) ? "Would reclaim" : "Reclaimed")} {report.BlobsDeleted} blobs ({report.BytesFreed} bytes) and " +
                $"{report.TemporaryBlobsDeleted} temporary files of unfinished writes ({report.TemporaryBytesFreed} bytes); " +
                $"kept {report.BlobsKept}; expired {report.UploadsExpired} upload sessions.");
            return 0;
        });
        return command;
    }
}
