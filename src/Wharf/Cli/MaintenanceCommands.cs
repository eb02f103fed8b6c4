using System.CommandLine;
using Microsoft.Extensions.Options;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary><c>wharf admin migrate</c> and <c>wharf purge</c>: database upkeep without starting the server.</summary>
internal static class MaintenanceCommands
{
    public static Command Migrate(ServerOptions shared)
    {
        var command = new Command("migrate", "Apply database schema migrations");
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = WharfServer.Build([], shared.Overrides(parse));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            await Console.Out.WriteLineAsync("Database schema is up to date.");
            return 0;
        });
        return command;
    }

    public static Command Purge(ServerOptions shared)
    {
        var command = new Command("purge", "Remove packages and versions deleted longer ago than the restore window (30 days)");
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = WharfServer.Build([], shared.Overrides(parse));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var window = scope.ServiceProvider.GetRequiredService<IOptions<PackageOptions>>().Value.RestoreWindow;
            var cutoff = TimeProvider.System.GetUtcNow().UtcDateTime - window;
            var removed = await scope.ServiceProvider.GetRequiredService<IPackageStore>().PurgeAsync(cutoff, cancellationToken);
            await Console.Out.WriteLineAsync($"Purged {removed} deleted packages and versions.");
            return 0;
        });
        return command;
    }
}
