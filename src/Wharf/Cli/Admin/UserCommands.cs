using System.CommandLine;
using System.Globalization;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin user ...</c>: create, list, suspend and delete users.</summary>
internal static class UserCommands
{
    public static Command Create(ServerOptions shared)
    {
        var user = new Command("user", "Create, list, suspend and delete users");
        user.Subcommands.Add(CreateUser(shared));
        user.Subcommands.Add(List(shared));
        user.Subcommands.Add(Suspend(shared, "suspend", suspended: true));
        user.Subcommands.Add(Suspend(shared, "unsuspend", suspended: false));
        user.Subcommands.Add(Delete(shared));
        return user;
    }

    private static Command CreateUser(ServerOptions shared)
    {
        var login = new Argument<string>("login") { Description = "The new user's login" };
        var email = new Option<string?>("--email") { Description = "The user's email address" };
        var siteAdmin = new Option<bool>("--site-admin") { Description = "Make the user a site administrator" };
        var command = new Command("create", "Create a user (then give it a token with `wharf admin token create`)");
        command.Arguments.Add(login);
        command.Options.Add(email);
        command.Options.Add(siteAdmin);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var admin = parse.GetValue(siteAdmin);
            var created = AdminSession.Require(
                await session.Accounts.CreateUserAsync(parse.GetValue(login)!, parse.GetValue(email), admin, cancellationToken));
            var role = admin ? "site administrator" : "user";
            await Console.Out.WriteLineAsync(
                $"Created {role} '{created.Login}' (id {created.Id}). Give it a token with `wharf admin token create {created.Login} --scopes read:packages,write:packages`.");
        });
        return command;
    }

    private static Command List(ServerOptions shared)
    {
        var command = new Command("list", "List users");
        AdminAction.Set(command, shared, async (session, _, cancellationToken) =>
        {
            var users = await session.Accounts.ListUsersAsync(cancellationToken);
            if (users.Count == 0)
            {
                await Console.Out.WriteLineAsync("No users yet; `wharf serve` makes the site administrator on its first start.");
                return;
            }

            var table = new TextTable("ID", "LOGIN", "SITE ADMIN", "SUSPENDED", "CREATED", "EMAIL");
            foreach (var u in users)
            {
                table.Add(u.Id.ToString(CultureInfo.InvariantCulture), u.Login, u.SiteAdmin ? "yes" : "no",
                    TextTable.Time(u.SuspendedAt, "no"), TextTable.Time(u.CreatedAt), u.Email ?? "-");
            }

            await table.WriteAsync(Console.Out);
        });
        return command;
    }

    private static Command Suspend(ServerOptions shared, string name, bool suspended)
    {
        var login = new Argument<string>("login") { Description = "The user's login" };
        var command = new Command(name, suspended
            ? "Suspend a user: every one of their tokens is refused until unsuspended"
            : "Lift a user's suspension");
        command.Arguments.Add(login);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var user = await session.UserAsync(parse.GetValue(login)!, cancellationToken);
            if ((user.SuspendedAt is not null) == suspended)
            {
                await Console.Out.WriteLineAsync(suspended
                    ? $"'{user.Login}' was already suspended (since {TextTable.Time(user.SuspendedAt)})."
                    : $"'{user.Login}' is not suspended.");
                return;
            }

            await session.Accounts.SetSuspendedAsync(user, suspended, cancellationToken);
            await Console.Out.WriteLineAsync(suspended
                ? $"Suspended '{user.Login}': their tokens are refused until `wharf admin user unsuspend {user.Login}`."
                : $"Unsuspended '{user.Login}': their tokens work again.");
        });
        return command;
    }

    private static Command Delete(ServerOptions shared)
    {
        var login = new Argument<string>("login") { Description = "The user's login" };
        var command = new Command("delete", "Delete a user with their tokens, memberships and repositories; their packages are deleted");
        command.Arguments.Add(login);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var user = await session.UserAsync(parse.GetValue(login)!, cancellationToken);
            await session.Accounts.DeleteAsync(user, cancellationToken);
            await Console.Out.WriteLineAsync(
                $"Deleted user '{user.Login}' with their tokens, memberships and repositories; their packages are deleted (purged after the restore window).");
        });
        return command;
    }
}
