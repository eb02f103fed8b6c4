using Microsoft.EntityFrameworkCore;
using Wharf.Core.Metadata;
using Wharf.Core.Repositories;

namespace Wharf.Storage.Database;

public sealed class RepositoryStore(WharfDbContext db) : IRepositoryStore
{
    public Task<Repository?> FindAsync(long ownerId, string name, CancellationToken cancellationToken)
    {
        var key = name.ToLowerInvariant();
        return db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.OwnerId == ownerId && r.NameKey == key, cancellationToken);
    }

    public Task<Repository?> FindByIdAsync(long id, CancellationToken cancellationToken) =>
        db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Repository>> ListByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        await db.Repositories.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);

    public Task<int> CountPublicAsync(long ownerId, CancellationToken cancellationToken) =>
        db.Repositories.CountAsync(r => r.OwnerId == ownerId && r.Visibility == Visibility.Public, cancellationToken);

    public Task<bool> TryAddAsync(Repository repository, CancellationToken cancellationToken) => db.TryInsertAsync(repository, cancellationToken);

    public async Task<bool> TryUpdateAsync(Repository repository, CancellationToken cancellationToken)
    {
        // A name another repository of the owner has is the expected refusal: the statement leaves the row alone
        // instead of failing on the unique index, which then decides only two renames racing for one name.
        var (id, ownerId, nameKey) = (repository.Id, repository.OwnerId, repository.NameKey);
        try
        {
            return await db.Repositories
                .Where(r => r.Id == id && !db.Repositories.Any(o => o.OwnerId == ownerId && o.NameKey == nameKey && o.Id != id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Name, repository.Name)
                    .SetProperty(r => r.NameKey, nameKey)
                    .SetProperty(r => r.Description, repository.Description)
                    .SetProperty(r => r.Visibility, repository.Visibility)
                    .SetProperty(r => r.UpdatedAt, repository.UpdatedAt), cancellationToken) > 0;
        }
        catch (Exception ex) when (db.ViolatesUniqueIndex(ex))
        {
            return false;
        }
    }

    public async Task DeleteAsync(long repositoryId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RepositoryCollaborators.Where(c => c.RepositoryId == repositoryId).ExecuteDeleteAsync(cancellationToken);
        await db.TeamRepositoryGrants.Where(g => g.RepositoryId == repositoryId).ExecuteDeleteAsync(cancellationToken);
        await db.Packages.Where(p => p.RepositoryId == repositoryId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RepositoryId, (long?)null).SetProperty(p => p.InheritAccess, false), cancellationToken);
        await db.Repositories.Where(r => r.Id == repositoryId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetCollaboratorAsync(long repositoryId, long userId, RepositoryPermission permission, CancellationToken cancellationToken)
    {
        var updated = await db.RepositoryCollaborators.Where(c => c.RepositoryId == repositoryId && c.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Permission, permission), cancellationToken);
        if (updated == 0)
        {
            await db.TryInsertAsync(new RepositoryCollaborator { RepositoryId = repositoryId, UserId = userId, Permission = permission }, cancellationToken);
        }
    }

    public async Task<bool> RemoveCollaboratorAsync(long repositoryId, long userId, CancellationToken cancellationToken) =>
        await db.RepositoryCollaborators.Where(c => c.RepositoryId == repositoryId && c.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task SetTeamGrantAsync(long teamId, long repositoryId, RepositoryPermission permission, CancellationToken cancellationToken)
    {
        var updated = await db.TeamRepositoryGrants.Where(g => g.TeamId == teamId && g.RepositoryId == repositoryId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Permission, permission), cancellationToken);
        if (updated == 0)
        {
            await db.TryInsertAsync(new TeamRepositoryGrant { TeamId = teamId, RepositoryId = repositoryId, Permission = permission }, cancellationToken);
        }
    }

    public async Task<bool> RemoveTeamGrantAsync(long teamId, long repositoryId, CancellationToken cancellationToken) =>
        await db.TeamRepositoryGrants.Where(g => g.TeamId == teamId && g.RepositoryId == repositoryId).ExecuteDeleteAsync(cancellationToken) > 0;
}
