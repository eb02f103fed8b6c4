using System.CommandLine;

namespace Wharf.Cli;

/// <summary><c>wharf admin ...</c>: administration straight against the database, for bootstrap and recovery.</summary>
internal static class AdminCommands
{
    public static Command Create(ServerOptions shared)
    {
        var admin = new Command("admin", "Administer users, organizations, teams, repositories, tokens and SSO");
        admin.Subcommands.Add(MaintenanceCommands.Migrate(shared));
        return admin;
    }
}
