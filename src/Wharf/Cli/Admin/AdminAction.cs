using System.CommandLine;

namespace Wharf.Cli.Admin;

/// <summary>How every admin command runs: the shared data flags, a session on the database, and refusals as exit code 1.</summary>
internal static class AdminAction
{
    public static void Set(Command command, ServerOptions shared, Func<AdminSession, ParseResult, CancellationToken, Task> action)
    {
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var session = await AdminSession.OpenAsync(shared, parse, cancellationToken);
                await action(session, parse, cancellationToken);
                return 0;
            }
            catch (AdminCommandException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 1;
            }
        });
    }
}
