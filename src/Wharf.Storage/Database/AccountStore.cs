using Microsoft.EntityFrameworkCore;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;

namespace Wharf.Storage.Database;

public sealed class AccountStore(WharfDbContext db) : IAccountStore
{
    public Task<Account?> FindByLoginAsync(string login, CancellationToken cancellationToken)
    {
        var key = LoginRules.Key(login);
        return db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.LoginKey == key, cancellationToken);
    }

    public Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public Task<bool> TryAddAsync(Account account, CancellationToken cancellationToken) => db.TryInsertAsync(account, cancellationToken);

    public async Task UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Update(account);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public Task SetSuspendedAtAsync(long accountId, DateTime? suspendedAt, DateTime now, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SuspendedAt, suspendedAt).SetProperty(a => a.UpdatedAt, now), cancellationToken);

    public Task SetSsoEnforcedAsync(long organizationId, bool enforced, DateTime now, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == organizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SsoEnforced, enforced).SetProperty(a => a.UpdatedAt, now), cancellationToken);

    public Task SetInheritAccessByDefaultAsync(long organizationId, bool inherit, DateTime now, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == organizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.InheritAccessByDefault, inherit).SetProperty(a => a.UpdatedAt, now), cancellationToken);

    public async Task DeleteAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var tokenIds = db.AccessTokens.Where(t => t.UserId == accountId).Select(t => t.Id);
        await db.TokenSsoAuthorizations.Where(a => tokenIds.Contains(a.TokenId) || a.OrganizationId == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.AccessTokens.Where(t => t.UserId == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.OrganizationMemberships.Where(m => m.UserId == accountId || m.OrganizationId == accountId).ExecuteDeleteAsync(cancellationToken);
        var teamIds = db.Teams.Where(t => t.OrganizationId == accountId).Select(t => t.Id);
        await db.TeamMemberships.Where(m => m.UserId == accountId || teamIds.Contains(m.TeamId)).ExecuteDeleteAsync(cancellationToken);
        await db.TeamRepositoryGrants.Where(g => teamIds.Contains(g.TeamId)).ExecuteDeleteAsync(cancellationToken);
        await db.PackageGrants.Where(g => g.UserId == accountId || (g.TeamId != null && teamIds.Contains(g.TeamId.Value))).ExecuteDeleteAsync(cancellationToken);
        await db.Teams.Where(t => t.OrganizationId == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.RepositoryCollaborators.Where(c => c.UserId == accountId).ExecuteDeleteAsync(cancellationToken);
        var repositoryIds = db.Repositories.Where(r => r.OwnerId == accountId).Select(r => r.Id);
        await db.RepositoryCollaborators.Where(c => repositoryIds.Contains(c.RepositoryId)).ExecuteDeleteAsync(cancellationToken);
        await db.TeamRepositoryGrants.Where(g => repositoryIds.Contains(g.RepositoryId)).ExecuteDeleteAsync(cancellationToken);
        await db.Packages.Where(p => p.RepositoryId != null && repositoryIds.Contains(p.RepositoryId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RepositoryId, (long?)null), cancellationToken);
        await db.Repositories.Where(r => r.OwnerId == accountId).ExecuteDeleteAsync(cancellationToken);

        // The account's packages go the way of any deleted package; with no owner left they cannot be restored.
        await db.Packages.Where(p => p.OwnerId == accountId && p.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), cancellationToken);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<bool> AnySiteAdminAsync(CancellationToken cancellationToken) =>
        db.Accounts.AnyAsync(a => a.SiteAdmin && a.Type == AccountType.User, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListUsersAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.Type == AccountType.User).OrderBy(a => a.LoginKey).ToListAsync(cancellationToken);

    public Task<OrganizationMembership?> FindMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken) =>
        db.OrganizationMemberships.AsNoTracking()
            .FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);

    public async Task SetMembershipAsync(long organizationId, long userId, OrganizationRole role, CancellationToken cancellationToken)
    {
        var updated = await db.OrganizationMemberships.Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role), cancellationToken);
        if (updated == 0)
        {
            var membership = new OrganizationMembership { OrganizationId = organizationId, UserId = userId, Role = role, CreatedAt = DateTime.UtcNow };
            if (!await db.TryInsertAsync(membership, cancellationToken))
            {
                // Added by a concurrent request: set the role on that row instead.
                await db.OrganizationMemberships.Where(m => m.OrganizationId == organizationId && m.UserId == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role), cancellationToken);
            }
        }
    }

    public async Task<bool> RemoveMembershipAsync(long organizationId, long userId, CancellationToken cancellationToken)
    {
        var teamIds = db.Teams.Where(t => t.OrganizationId == organizationId).Select(t => t.Id);
        await db.TeamMemberships.Where(m => m.UserId == userId && teamIds.Contains(m.TeamId)).ExecuteDeleteAsync(cancellationToken);
        return await db.OrganizationMemberships.Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public Task<int> CountOwnersAsync(long organizationId, CancellationToken cancellationToken) =>
        db.OrganizationMemberships.CountAsync(m => m.OrganizationId == organizationId && m.Role == OrganizationRole.Admin, cancellationToken);

    public Task<Team?> FindTeamAsync(long organizationId, string slug, CancellationToken cancellationToken) =>
        db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.OrganizationId == organizationId && t.Slug == slug, cancellationToken);

    public Task<Team?> FindTeamByIdAsync(long teamId, CancellationToken cancellationToken) =>
        db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);

    public Task<bool> TryAddTeamAsync(Team team, CancellationToken cancellationToken) => db.TryInsertAsync(team, cancellationToken);

    public async Task DeleteTeamAsync(long teamId, CancellationToken cancellationToken)
    {
        await db.TeamMemberships.Where(m => m.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
        await db.TeamRepositoryGrants.Where(g => g.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
        await db.PackageGrants.Where(g => g.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
        await db.Teams.Where(t => t.Id == teamId).ExecuteDeleteAsync(cancellationToken);
    }

    public Task<TeamMembership?> FindTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken) =>
        db.TeamMemberships.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken);

    public async Task SetTeamMembershipAsync(long teamId, long userId, string role, CancellationToken cancellationToken)
    {
        var updated = await db.TeamMemberships.Where(m => m.TeamId == teamId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role), cancellationToken);
        if (updated == 0)
        {
            // Added by a concurrent request meanwhile: that one stands.
            await db.TryInsertAsync(new TeamMembership { TeamId = teamId, UserId = userId, Role = role }, cancellationToken);
        }
    }

    public async Task<bool> RemoveTeamMembershipAsync(long teamId, long userId, CancellationToken cancellationToken) =>
        await db.TeamMemberships.Where(m => m.TeamId == teamId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
}
