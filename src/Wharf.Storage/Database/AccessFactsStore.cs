using Microsoft.EntityFrameworkCore;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Storage.Database;

public sealed class AccessFactsStore(WharfDbContext db) : IAccessFactsStore
{
    public async Task<OrganizationRole?> FindOrganizationRoleAsync(long organizationId, long userId, CancellationToken cancellationToken)
    {
        var roles = await db.OrganizationMemberships.Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Select(m => m.Role).ToListAsync(cancellationToken);
        return roles.Count == 0 ? null : roles[0];
    }

    public async Task<RepositoryPermission> FindRepositoryPermissionAsync(Repository repository, long userId, CancellationToken cancellationToken)
    {
        if (repository.OwnerId == userId)
        {
            return RepositoryPermission.Admin;
        }

        // Organization owners administer every repository of the organization.
        if (await db.OrganizationMemberships.AnyAsync(
                m => m.OrganizationId == repository.OwnerId && m.UserId == userId && m.Role == OrganizationRole.Admin, cancellationToken))
        {
            return RepositoryPermission.Admin;
        }

        var teamIds = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var permissions = await db.RepositoryCollaborators.Where(c => c.RepositoryId == repository.Id && c.UserId == userId).Select(c => c.Permission)
            .Concat(db.TeamRepositoryGrants.Where(g => g.RepositoryId == repository.Id && teamIds.Contains(g.TeamId)).Select(g => g.Permission))
            .ToListAsync(cancellationToken);
        return permissions.Count == 0 ? RepositoryPermission.None : permissions.Max();
    }

    public async Task<RepositoryPermission> FindBestRepositoryPermissionAsync(Account owner, long userId, CancellationToken cancellationToken)
    {
        if (owner.Id == userId ||
            await db.OrganizationMemberships.AnyAsync(
                m => m.OrganizationId == owner.Id && m.UserId == userId && m.Role == OrganizationRole.Admin, cancellationToken))
        {
            return RepositoryPermission.Admin;
        }

        var repositoryIds = db.Repositories.Where(r => r.OwnerId == owner.Id).Select(r => r.Id);
        var teamIds = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var permissions = await db.RepositoryCollaborators.Where(c => c.UserId == userId && repositoryIds.Contains(c.RepositoryId)).Select(c => c.Permission)
            .Concat(db.TeamRepositoryGrants.Where(g => teamIds.Contains(g.TeamId) && repositoryIds.Contains(g.RepositoryId)).Select(g => g.Permission))
            .ToListAsync(cancellationToken);
        return permissions.Count == 0 ? RepositoryPermission.None : permissions.Max();
    }

    public async Task<PackageRole> FindGrantRoleAsync(long packageId, long userId, CancellationToken cancellationToken)
    {
        var teamIds = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var roles = await db.PackageGrants
            .Where(g => g.PackageId == packageId && (g.UserId == userId || (g.TeamId != null && teamIds.Contains(g.TeamId.Value))))
            .Select(g => g.Role).ToListAsync(cancellationToken);
        return roles.Count == 0 ? PackageRole.None : roles.Max();
    }
}
