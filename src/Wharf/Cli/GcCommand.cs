using System.CommandLine;
using Wharf.Core.Containers;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary><c>wharf gc</c>: reclaim unreferenced blobs and expired upload sessions; safe while the server runs.</summary>
internal static class GcCommand
{
    public static Command Create(ServerOptions shared)
    {
        var command = new Command("gc", "Reclaim blobs no package references and expired container upload sessions");
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
                $"{(parse.GetValue(dryRun) ? "Would reclaim" : "Reclaimed")} {report.BlobsDeleted} blobs ({report.BytesFreed} bytes); kept {report.BlobsKept}; expired {report.UploadsExpired} upload sessions.");
            return 0;
        });
        return command;
    }
}
