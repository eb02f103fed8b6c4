using Wharf.Core.Metadata;
using Wharf.Core.Outcomes;
using Wharf.Core.Tokens;

namespace Wharf.Core.Accounts;

/// <summary>Users, organizations, memberships, teams and SSO settings, as a site administrator manages them.</summary>
public sealed class AccountService(IAccountStore accounts, TokenService tokens, TimeProvider clock)
{
    public Task<Account?> FindAsync(string login, CancellationToken cancellationToken) => accounts.FindByLoginAsync(login, cancellationToken);

    public Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken) => accounts.FindByIdAsync(id, cancellationToken);

    public Task<Team?> FindTeamByIdAsync(long id, CancellationToken cancellationToken) => accounts.FindTeamByIdAsync(id, cancellationToken);

    /// <summary>Every user (no organizations), by login.</summary>
    public Task<IReadOnlyList<Account>> ListUsersAsync(CancellationToken cancellationToken) => accounts.ListUsersAsync(cancellationToken);

    public async Task<Outcome<Account>> CreateUserAsync(string login, string? email, bool siteAdmin, CancellationToken cancellationToken)
    {
        if (!LoginRules.IsValidLogin(login))
        {
            return Outcome<Account>.Fail(OutcomeStatus.Invalid,
                "Login may only contain alphanumeric characters or single hyphens, and cannot begin or end with a hyphen.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new Account
        {
            Login = login,
            LoginKey = LoginRules.Key(login),
            Type = AccountType.User,
            Email = email,
            SiteAdmin = siteAdmin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await accounts.TryAddAsync(user, cancellationToken)
            ? user
            : Outcome<Account>.Fail(OutcomeStatus.Invalid, "Login has already been taken");
    }

    /// <summary>Creates an organization whose first owner is <paramref name="adminLogin"/>.</summary>
    public async Task<Outcome<Account>> CreateOrganizationAsync(string login, string adminLogin, string? profileName, CancellationToken cancellationToken)
    {
        if (!LoginRules.IsValidLogin(login))
        {
            return Outcome<Account>.Fail(OutcomeStatus.Invalid,
                "Login may only contain alphanumeric characters or single hyphens, and cannot begin or end with a hyphen.");
        }

        var admin = await accounts.FindByLoginAsync(adminLogin, cancellationToken);
        if (admin is null || admin.IsOrganization)
        {
            return Outcome<Account>.Fail(OutcomeStatus.Invalid, $"The admin user '{adminLogin}' does not exist.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var organization = new Account
        {
            Login = login,
            LoginKey = LoginRules.Key(login),
            Type = AccountType.Organization,
            Name = profileName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await accounts.TryAddAsync(organization, cancellationToken))
        {
            return Outcome<Account>.Fail(OutcomeStatus.Invalid, "Login has already been taken");
        }

        await accounts.SetMembershipAsync(organization.Id, admin.Id, OrganizationRole.Admin, cancellationToken);
        return organization;
    }

    public async Task SetSuspendedAsync(Account user, bool suspended, CancellationToken cancellationToken)
    {
        user.SuspendedAt = suspended ? user.SuspendedAt ?? clock.GetUtcNow().UtcDateTime : null;
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await accounts.SetSuspendedAtAsync(user.Id, user.SuspendedAt, user.UpdatedAt, cancellationToken);
        tokens.Forget();
    }

    public async Task DeleteAsync(Account account, CancellationToken cancellationToken)
    {
        await accounts.DeleteAsync(account.Id, cancellationToken);
        tokens.Forget();
    }

    public async Task SetSsoEnforcedAsync(Account organization, bool enforced, CancellationToken cancellationToken)
    {
        organization.SsoEnforced = enforced;
        organization.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await accounts.SetSsoEnforcedAsync(organization.Id, enforced, organization.UpdatedAt, cancellationToken);
        tokens.Forget();
    }

    public async Task SetInheritAccessByDefaultAsync(Account organization, bool inherit, CancellationToken cancellationToken)
    {
        organization.InheritAccessByDefault = inherit;
        organization.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await accounts.SetInheritAccessByDefaultAsync(organization.Id, inherit, organization.UpdatedAt, cancellationToken);
    }

    public Task<OrganizationMembership?> FindMembershipAsync(Account organization, Account user, CancellationToken cancellationToken) =>
        accounts.FindMembershipAsync(organization.Id, user.Id, cancellationToken);

    /// <summary>Adds or changes a membership at once (GitHub would invite; a self-hosted admin has no one to wait for).</summary>
    public async Task<OrganizationMembership> SetMembershipAsync(Account organization, Account user, OrganizationRole role, CancellationToken cancellationToken)
    {
        await accounts.SetMembershipAsync(organization.Id, user.Id, role, cancellationToken);
        return (await accounts.FindMembershipAsync(organization.Id, user.Id, cancellationToken))!;
    }

    public Task<bool> RemoveMembershipAsync(Account organization, Account user, CancellationToken cancellationToken) =>
        accounts.RemoveMembershipAsync(organization.Id, user.Id, cancellationToken);

    /// <summary>How many owners the organization has; the last one may be neither removed nor demoted.</summary>
    public Task<int> CountOwnersAsync(Account organization, CancellationToken cancellationToken) =>
        accounts.CountOwnersAsync(organization.Id, cancellationToken);

    public async Task<Outcome<Team>> CreateTeamAsync(Account organization, string name, string? description, string? privacy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Outcome<Team>.Fail(OutcomeStatus.Invalid, "Name can't be blank");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var team = new Team
        {
            OrganizationId = organization.Id,
            Name = name.Trim(),
            Slug = LoginRules.Slugify(name),
            Description = description,
            Privacy = privacy is "secret" ? "secret" : "closed",
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await accounts.TryAddTeamAsync(team, cancellationToken)
            ? team
            : Outcome<Team>.Fail(OutcomeStatus.Invalid, "Name must be unique for this org");
    }

    public Task<Team?> FindTeamAsync(Account organization, string slug, CancellationToken cancellationToken) =>
        accounts.FindTeamAsync(organization.Id, slug.ToLowerInvariant(), cancellationToken);

    public Task DeleteTeamAsync(Team team, CancellationToken cancellationToken) => accounts.DeleteTeamAsync(team.Id, cancellationToken);

    /// <summary>Adds a user to a team; a team member must belong to the organization, so this makes them a member.</summary>
    public async Task<TeamMembership> SetTeamMembershipAsync(Account organization, Team team, Account user, string role, CancellationToken cancellationToken)
    {
        if (await accounts.FindMembershipAsync(organization.Id, user.Id, cancellationToken) is null)
        {
            await accounts.SetMembershipAsync(organization.Id, user.Id, OrganizationRole.Member, cancellationToken);
        }

        await accounts.SetTeamMembershipAsync(team.Id, user.Id, role == "maintainer" ? "maintainer" : "member", cancellationToken);
        return (await accounts.FindTeamMembershipAsync(team.Id, user.Id, cancellationToken))!;
    }

    public Task<TeamMembership?> FindTeamMembershipAsync(Team team, Account user, CancellationToken cancellationToken) =>
        accounts.FindTeamMembershipAsync(team.Id, user.Id, cancellationToken);

    public Task<bool> RemoveTeamMembershipAsync(Team team, Account user, CancellationToken cancellationToken) =>
        accounts.RemoveTeamMembershipAsync(team.Id, user.Id, cancellationToken);
}
