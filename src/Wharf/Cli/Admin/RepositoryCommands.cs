using System.CommandLine;
using Wharf.Core.Repositories;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin repo ...</c>: repositories (which packages link to), their visibility and collaborators.</summary>
internal static class RepositoryCommands
{
    private static readonly string[] Visibilities = ["public", "private", "internal"];

    public static Command Create(ServerOptions shared)
    {
        var repo = new Command("repo", "Create and delete repositories, set their visibility and collaborators");
        repo.Subcommands.Add(CreateRepository(shared));
        repo.Subcommands.Add(Delete(shared));
        repo.Subcommands.Add(SetVisibility(shared));
        var collaborator = new Command("collaborator", "Add and remove a repository's collaborators");
        collaborator.Subcommands.Add(AddCollaborator(shared));
        collaborator.Subcommands.Add(RemoveCollaborator(shared));
        repo.Subcommands.Add(collaborator);
        return repo;
    }

    private static Command CreateRepository(ServerOptions shared)
    {
        var fullName = new Argument<string>("repository") { Description = "OWNER/NAME; the owner is a user or an organization" };
        var visibility = new Option<string>("--visibility")
        {
            Description = "public, private (default) or internal (organizations only)",
            DefaultValueFactory = _ => "private",
        };
        visibility.AcceptOnlyFromAmong(Visibilities);
        var description = new Option<string?>("--description") { Description = "What the repository holds" };
        var command = new Command("create", "Create a repository");
        command.Arguments.Add(fullName);
        command.Options.Add(visibility);
        command.Options.Add(description);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var (ownerLogin, name) = AdminSession.SplitFullName(parse.GetValue(fullName)!);
            var owner = await session.Accounts.FindAsync(ownerLogin, cancellationToken)
                ?? throw new AdminCommandException($"No user or organization '{ownerLogin}' to own the repository.");
            var created = AdminSession.Require(await session.Repositories.CreateAsync(
                owner, name, ParseVisibility(parse.GetValue(visibility)!), parse.GetValue(description), cancellationToken));
            await Console.Out.WriteLineAsync($"Created {parse.GetValue(visibility)} repository '{owner.Login}/{created.Name}' (id {created.Id}).");
        });
        return command;
    }

    private static Command Delete(ServerOptions shared)
    {
        var fullName = new Argument<string>("repository") { Description = "OWNER/NAME" };
        var command = new Command("delete", "Delete a repository and its grants; its packages stay, unlinked");
        command.Arguments.Add(fullName);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var (owner, repository) = await session.RepositoryAsync(parse.GetValue(fullName)!, cancellationToken);
            await session.Repositories.DeleteAsync(repository, cancellationToken);
            await Console.Out.WriteLineAsync($"Deleted repository '{owner.Login}/{repository.Name}'; its packages stay, no longer linked to it.");
        });
        return command;
    }

    private static Command SetVisibility(ServerOptions shared)
    {
        var fullName = new Argument<string>("repository") { Description = "OWNER/NAME" };
        var visibility = new Argument<string>("visibility") { Description = "public, private or internal (organizations only)" };
        visibility.AcceptOnlyFromAmong(Visibilities);
        var command = new Command("visibility", "Change a repository's visibility (packages that inherit it follow)");
        command.Arguments.Add(fullName);
        command.Arguments.Add(visibility);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var (owner, repository) = await session.RepositoryAsync(parse.GetValue(fullName)!, cancellationToken);
            var wanted = ParseVisibility(parse.GetValue(visibility)!);
            AdminSession.Require(await session.Repositories.UpdateAsync(repository, null, wanted, null, false, owner, cancellationToken));
            await Console.Out.WriteLineAsync($"'{owner.Login}/{repository.Name}' is now {parse.GetValue(visibility)}.");
        });
        return command;
    }

    private static Command AddCollaborator(ServerOptions shared)
    {
        var fullName = new Argument<string>("repository") { Description = "OWNER/NAME" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var permission = RepositoryPermissionOption.Create();
        var command = new Command("add", "Give a user a role on a repository at once (no invitation), or change it");
        command.Arguments.Add(fullName);
        command.Arguments.Add(user);
        command.Options.Add(permission);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var (owner, repository) = await session.RepositoryAsync(parse.GetValue(fullName)!, cancellationToken);
            var collaborator = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            await session.Repositories.SetCollaboratorAsync(repository, collaborator, RepositoryPermissionOption.Value(parse, permission), cancellationToken);
            await Console.Out.WriteLineAsync($"'{collaborator.Login}' now has {parse.GetValue(permission)} on '{owner.Login}/{repository.Name}'.");
        });
        return command;
    }

    private static Command RemoveCollaborator(ServerOptions shared)
    {
        var fullName = new Argument<string>("repository") { Description = "OWNER/NAME" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var command = new Command("remove", "Remove a collaborator from a repository");
        command.Arguments.Add(fullName);
        command.Arguments.Add(user);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var (owner, repository) = await session.RepositoryAsync(parse.GetValue(fullName)!, cancellationToken);
            var collaborator = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            if (!await session.Repositories.RemoveCollaboratorAsync(repository, collaborator, cancellationToken))
            {
                throw new AdminCommandException($"'{collaborator.Login}' is not a collaborator on '{owner.Login}/{repository.Name}'.");
            }

            await Console.Out.WriteLineAsync($"Removed '{collaborator.Login}' from '{owner.Login}/{repository.Name}'.");
        });
        return command;
    }

    private static Visibility ParseVisibility(string word) => word switch
    {
        "public" => Visibility.Public,
        "internal" => Visibility.Internal,
        _ => Visibility.Private,
    };
}
