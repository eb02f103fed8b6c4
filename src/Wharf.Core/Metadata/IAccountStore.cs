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

    /// <summary>Deletes the account with its tokens, memberships and grants.</summary>
    Task DeleteAsync(long accountId, CancellationToken cancellationToken);

    Task<bool> AnySiteAdminAsync(CancellationToken cancellationToken);

    Task<OrganizationMembership?> FindMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken);

    Task SetMembershipAsync(long organizationId, long userId, OrganizationRole role, CancellationToken cancellationToken);

    /// <summary>Removes the membership and the user's team memberships in that organization.</summary>
    Task<bool> RemoveMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken);

    Task<Team?> FindTeamAsync(long organizationId, string slug, CancellationToken cancellationToken);

    Task<bool> TryAddTeamAsync(Team team, CancellationToken cancellationToken);

    Task DeleteTeamAsync(long teamId, CancellationToken cancellationToken);

    Task<TeamMembership?> FindTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken);

    Task SetTeamMembershipAsync(long teamId, long userId, string role, CancellationToken cancellationToken);

    Task<bool> RemoveTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken);
}
