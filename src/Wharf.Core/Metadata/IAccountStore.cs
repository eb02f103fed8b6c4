using Wharf.Core.Accounts;

namespace Wharf.Core.Metadata;

/// <summary>Users, organizations, memberships and teams.</summary>
public interface IAccountStore
{
    Task<Account?> FindByLoginAsync(string login, CancellationToken cancellationToken);

    Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken);

    /// <summary>Adds the account; false when the login is taken (decided by the unique index).</summary>
    Task<bool> TryAddAsync(Account account, CancellationToken cancellationToken);

    Task UpdateAsync(Account account, CancellationToken cancellationToken);

    /// <summary>Sets one column only, so concurrent changes to other settings of the account are not undone.</summary>
    Task SetSuspendedAtAsync(long accountId, DateTime? suspendedAt, DateTime now, CancellationToken cancellationToken);

    Task SetSsoEnforcedAsync(long organizationId, bool enforced, DateTime now, CancellationToken cancellationToken);

    Task SetInheritAccessByDefaultAsync(long organizationId, bool inherit, DateTime now, CancellationToken cancellationToken);

    /// <summary>Deletes the account with its tokens, memberships and grants.</summary>
    Task DeleteAsync(long accountId, CancellationToken cancellationToken);

    Task<bool> AnySiteAdminAsync(CancellationToken cancellationToken);

    /// <summary>Every user (no organizations), by login.</summary>
    Task<IReadOnlyList<Account>> ListUsersAsync(CancellationToken cancellationToken);

    Task<OrganizationMembership?> FindMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken);

    Task SetMembershipAsync(long organizationId, long userId, OrganizationRole role, CancellationToken cancellationToken);

    /// <summary>Removes the membership and the user's team memberships in that organization.</summary>
    Task<bool> RemoveMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken);

    /// <summary>How many members hold the owner (admin) role in the organization.</summary>
    Task<int> CountOwnersAsync(long organizationId, CancellationToken cancellationToken);

    Task<Team?> FindTeamAsync(long organizationId, string slug, CancellationToken cancellationToken);

    Task<Team?> FindTeamByIdAsync(long teamId, CancellationToken cancellationToken);

    Task<bool> TryAddTeamAsync(Team team, CancellationToken cancellationToken);

    Task DeleteTeamAsync(long teamId, CancellationToken cancellationToken);

    Task<TeamMembership?> FindTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken);

    Task SetTeamMembershipAsync(long teamId, long userId, string role, CancellationToken cancellationToken);

    Task<bool> RemoveTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken);
}
