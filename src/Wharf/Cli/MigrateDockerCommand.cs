using System.CommandLine;
using Wharf.Core.Containers;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary><c>wharf admin migrate-docker</c>: move docker packages to the Container registry.</summary>
internal static class MigrateDockerCommand
{
    public static Command Create(ServerOptions shared)
    {
        var command = new Command("migrate-docker", "Move docker packages to container packages; name clashes are flagged as conflicts");
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = WharfServer.Build([], shared.Overrides(parse));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<DockerMigration>().RunAsync(cancellationToken);
            foreach (var conflict in report.Conflicts)
            {
                await Console.Out.WriteLineAsync($"conflict: {conflict.Name} (owner id {conflict.OwnerId}): a container package of that name exists");
            }

            await Console.Out.WriteLineAsync($"Moved {report.Moved.Count} docker packages to the Container registry; {report.Conflicts.Count} conflicts.");
            return 0;
        });
        return command;
    }
}
