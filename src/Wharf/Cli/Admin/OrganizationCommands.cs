using System.CommandLine;
using Wharf.Core.Accounts;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin org ...</c>: organizations, their members, SSO enforcement and package access defaults.</summary>
internal static class OrganizationCommands
{
    public static Command Create(ServerOptions shared)
    {
        var org = new Command("org", "Create organizations and manage their members, SSO and package access defaults");
        org.Subcommands.Add(CreateOrganization(shared));
        org.Subcommands.Add(Delete(shared));
        var member = new Command("member", "Add and remove organization members");
        member.Subcommands.Add(AddMember(shared));
        member.Subcommands.Add(RemoveMember(shared));
        org.Subcommands.Add(member);
        org.Subcommands.Add(Sso(shared));
        org.Subcommands.Add(InheritDefault(shared));
        return org;
    }

    private static Command CreateOrganization(ServerOptions shared)
    {
        var login = new Argument<string>("login") { Description = "The new organization's login" };
        var owner = new Option<string>("--owner") { Description = "The user who becomes its first owner", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var command = new Command("create", "Create an organization with a first owner");
        command.Arguments.Add(login);
        command.Options.Add(owner);
        command.Options.Add(name);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var admin = await session.UserAsync(parse.GetValue(owner)!, cancellationToken);
            var created = AdminSession.Require(
                await session.Accounts.CreateOrganizationAsync(parse.GetValue(login)!, admin.Login, parse.GetValue(name), cancellationToken));
            await Console.Out.WriteLineAsync($"Created organization '{created.Login}' (id {created.Id}) owned by '{admin.Login}'.");
        });
        return command;
    }

    private static Command Delete(ServerOptions shared)
    {
        var login = new Argument<string>("org") { Description = "The organization's login" };
        var command = new Command("delete", "Delete an organization with its teams, memberships and repositories; its packages are deleted");
        command.Arguments.Add(login);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(login)!, cancellationToken);
            await session.Accounts.DeleteAsync(organization, cancellationToken);
            await Console.Out.WriteLineAsync(
                $"Deleted organization '{organization.Login}' with its teams, memberships and repositories; its packages are deleted (purged after the restore window).");
        });
        return command;
    }

    private static Command AddMember(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var role = new Option<string?>("--role") { Description = "admin (an owner) or member; default member, or the current role" };
        role.AcceptOnlyFromAmong("admin", "member");
        var command = new Command("add", "Add a user to an organization at once (no invitation), or change their role");
        command.Arguments.Add(org);
        command.Arguments.Add(user);
        command.Options.Add(role);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var member = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            var before = await session.Accounts.FindMembershipAsync(organization, member, cancellationToken);
            var wanted = parse.GetValue(role) switch
            {
                "admin" => OrganizationRole.Admin,
                "member" => OrganizationRole.Member,

                // Without --role, adding someone already there must not quietly demote an owner.
                _ => before?.Role ?? OrganizationRole.Member,
            };
            if (before?.Role == OrganizationRole.Admin && wanted == OrganizationRole.Member)
            {
                await RequireAnotherOwnerAsync(session, organization, member, cancellationToken);
            }

            await session.Accounts.SetMembershipAsync(organization, member, wanted, cancellationToken);
            var word = wanted == OrganizationRole.Admin ? "an admin (owner)" : "a member";
            await Console.Out.WriteLineAsync(before is null
                ? $"Added '{member.Login}' to '{organization.Login}' as {word}."
                : $"'{member.Login}' is {(before.Role == wanted ? "already" : "now")} {word} of '{organization.Login}'.");
        });
        return command;
    }

    private static Command RemoveMember(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var user = new Argument<string>("user") { Description = "The user's login" };
        var command = new Command("remove", "Remove a user from an organization and its teams");
        command.Arguments.Add(org);
        command.Arguments.Add(user);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var member = await session.UserAsync(parse.GetValue(user)!, cancellationToken);
            var membership = await session.Accounts.FindMembershipAsync(organization, member, cancellationToken)
                ?? throw new AdminCommandException($"'{member.Login}' is not a member of '{organization.Login}'.");
            if (membership.Role == OrganizationRole.Admin)
            {
                await RequireAnotherOwnerAsync(session, organization, member, cancellationToken);
            }

            await session.Accounts.RemoveMembershipAsync(organization, member, cancellationToken);
            await Console.Out.WriteLineAsync($"Removed '{member.Login}' from '{organization.Login}' and its teams.");
        });
        return command;
    }

    /// <summary>As on GitHub, an organization keeps at least one owner: without one nobody could manage it over the API.</summary>
    private static async Task RequireAnotherOwnerAsync(AdminSession session, Account organization, Account owner, CancellationToken cancellationToken)
    {
        if (await session.Accounts.CountOwnersAsync(organization, cancellationToken) <= 1)
        {
            throw new AdminCommandException(
                $"'{owner.Login}' is the last owner of '{organization.Login}'; make another one first with `wharf admin org member add {organization.Login} USER --role admin`.");
        }
    }

    private static Command Sso(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var enforce = new Option<bool>("--enforce") { Description = "Require every member's token to be authorised for the organization" };
        var noEnforce = new Option<bool>("--no-enforce") { Description = "Stop requiring it" };
        var command = new Command("sso", "Turn SAML SSO enforcement on (--enforce) or off (--no-enforce)");
        command.Arguments.Add(org);
        command.Options.Add(enforce);
        command.Options.Add(noEnforce);
        command.Validators.Add(result =>
        {
            if (result.GetValue(enforce) == result.GetValue(noEnforce))
            {
                result.AddError("Give exactly one of --enforce and --no-enforce.");
            }
        });
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var enforced = parse.GetValue(enforce);
            await session.Accounts.SetSsoEnforcedAsync(organization, enforced, cancellationToken);
            await Console.Out.WriteLineAsync(enforced
                ? $"SSO is now enforced for '{organization.Login}': members' tokens work there once authorised with `wharf admin sso authorize TOKEN_ID {organization.Login}`."
                : $"SSO is no longer enforced for '{organization.Login}'.");
        });
        return command;
    }

    private static Command InheritDefault(ServerOptions shared)
    {
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var inherit = new Argument<bool>("inherit") { Description = "true or false" };
        var command = new Command("inherit-default", "Whether new packages linked to a repository inherit its access (GitHub's default: true)");
        command.Arguments.Add(org);
        command.Arguments.Add(inherit);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            var value = parse.GetValue(inherit);
            await session.Accounts.SetInheritAccessByDefaultAsync(organization, value, cancellationToken);
            await Console.Out.WriteLineAsync(value
                ? $"New packages in '{organization.Login}' now inherit access from their repository."
                : $"New packages in '{organization.Login}' no longer inherit access from their repository; grant it per package.");
        });
        return command;
    }
}
