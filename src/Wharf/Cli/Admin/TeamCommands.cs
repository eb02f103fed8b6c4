using System.CommandLine;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin team ...</c>: an organization's teams, their members and their repositories.</summary>
internal static class TeamCommands
{
    public static Command Create(ServerOptions shared)
    {
        var team = new Command("team", "Create teams and manage their members and repositories");
        team.Subcommands.Add(CreateTeam(shared));
        var member = new Command("member", "Add and remove team members");
        member.Subcommands.Add(AddMember(shared));
        member.Subcommands.Add(RemoveMember(shared));
        team.Subcommands.Add(member);
        team.Subcommands.Add(Repository(shared));
        return team;
    }

    private static Command CreateTeam(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var name = new Argument<string>("name") { Description = "The team's name; its slug is derived from it" };
        var description = new Option<string?>("--description") { Description = "What the team is for" };
        var command = new Command("create", "Create a team in an organization");
        command.Arguments.Add(org);
        command.Arguments.Add(name);
        command.Options.Add(description);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var team = AdminSession.Require(
                await session.Accounts.CreateTeamAsync(organization, parse.GetValue(name)!, parse.GetValue(description), null, cancellationToken));
            await Console.Out.WriteLineAsync($"Created team '{team.Name}' in '{organization.Login}' with slug '{team.Slug}'.");
        });
        return command;
    }

    private static Command AddMember(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var slug = new Argument<string>("team") { Description = "The team's slug" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var role = new Option<string?>("--role") { Description = "member or maintainer; default member, or the current role" };
        role.AcceptOnlyFromAmong("member", "maintainer");
        var command = new Command("add", "Add a user to a team (making them an organization member if they are not)");
        command.Arguments.Add(org);
        command.Arguments.Add(slug);
        command.Arguments.Add(user);
        command.Options.Add(role);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var team = await session.TeamAsync(organization, parse.GetValue(slug)!, cancellationToken);
            var member = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            var wasMember = await session.Accounts.FindMembershipAsync(organization, member, cancellationToken) is not null;

            // Without --role, adding someone already in the team keeps their role rather than demoting a maintainer.
            var wanted = parse.GetValue(role)
                ?? (await session.Accounts.FindTeamMembershipAsync(team, member, cancellationToken))?.Role
                ?? "member";
            var membership = await session.Accounts.SetTeamMembershipAsync(organization, team, member, wanted, cancellationToken);
            var also = wasMember ? "" : $" (and to '{organization.Login}' as member)";
            await Console.Out.WriteLineAsync($"Added '{member.Login}' to team '{organization.Login}/{team.Slug}' as {membership.Role}{also}.");
        });
        return command;
    }

    private static Command RemoveMember(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var slug = new Argument<string>("team") { Description = "The team's slug" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var command = new Command("remove", "Remove a user from a team (they stay in the organization)");
        command.Arguments.Add(org);
        command.Arguments.Add(slug);
        command.Arguments.Add(user);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var team = await session.TeamAsync(organization, parse.GetValue(slug)!, cancellationToken);
            var member = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            if (!await session.Accounts.RemoveTeamMembershipAsync(team, member, cancellationToken))
            {
                throw new AdminCommandException($"'{member.Login}' is not in team '{organization.Login}/{team.Slug}'.");
            }

            await Console.Out.WriteLineAsync($"Removed '{member.Login}' from team '{organization.Login}/{team.Slug}'.");
        });
        return command;
    }

    private static Command Repository(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var slug = new Argument<string>("team") { Description = "The team's slug" };
        var repository = new Argument<string>("repository") { Description = "OWNER/NAME, a repository of the same organization" };
        var permission = RepositoryPermissionOption.Create();
        var command = new Command("repo", "Give a team a role on one of the organization's repositories");
        command.Arguments.Add(org);
        command.Arguments.Add(slug);
        command.Arguments.Add(repository);
        command.Options.Add(permission);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var team = await session.TeamAsync(organization, parse.GetValue(slug)!, cancellationToken);
            var (owner, repo) = await session.RepositoryAsync(parse.GetValue(repository)!, cancellationToken);

            // As on GitHub: a team can only be given repositories its own organization owns.
            if (owner.Id != organization.Id)
            {
                throw new AdminCommandException(
                    $"'{owner.Login}/{repo.Name}' belongs to '{owner.Login}'; team '{organization.Login}/{team.Slug}' can only be given repositories of '{organization.Login}'.");
            }

            await session.Repositories.SetTeamGrantAsync(team, repo, RepositoryPermissionOption.Value(parse, permission), cancellationToken);
            await Console.Out.WriteLineAsync(
                $"Team '{organization.Login}/{team.Slug}' now has {parse.GetValue(permission)} on '{owner.Login}/{repo.Name}'.");
        });
        return command;
    }
}
