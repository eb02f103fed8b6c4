using System.CommandLine;
using Wharf.Cli.Admin;

namespace Wharf.Cli;

/// <summary>
/// <c>wharf admin ...</c>: administration straight against the database, for bootstrap and recovery; no server needs
/// to run. A running server sees token, suspension and SSO changes within its token cache lifetime (30 seconds).
/// </summary>
internal static class AdminCommands
{
    public static Command Create(ServerOptions shared)
    {
        var admin = new Command("admin", "Administer users, organizations, teams, repositories, tokens and SSO");
        admin.Subcommands.Add(MaintenanceCommands.Migrate(shared));
        admin.Subcommands.Add(UserCommands.Create(shared));
        admin.Subcommands.Add(TokenCommands.Create(shared));
        admin.Subcommands.Add(OrganizationCommands.Create(shared));
        admin.Subcommands.Add(TeamCommands.Create(shared));
        admin.Subcommands.Add(RepositoryCommands.Create(shared));
        admin.Subcommands.Add(SsoCommands.Create(shared));
        admin.Subcommands.Add(MigrateDockerCommand.Create(shared));
        return admin;
    }
}
