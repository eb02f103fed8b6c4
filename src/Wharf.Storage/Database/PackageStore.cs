using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Storage.Database;

public sealed class PackageStore(WharfDbContext db) : IPackageStore
{
    public Task<Package?> FindActiveAsync(long ownerId, PackageType type, string nameKey, CancellationToken cancellationToken) =>
        db.Packages.AsNoTracking()
            .FirstOrDefaultAsync(p => p.OwnerId == ownerId && p.Type == type && p.NameKey == nameKey && p.DeletedAt == null, cancellationToken);

    public Task<Package?> FindDeletedAsync(long ownerId, PackageType type, string nameKey, DateTime deletedAfter, CancellationToken cancellationToken) =>
        db.Packages.AsNoTracking()
            .Where(p => p.OwnerId == ownerId && p.Type == type && p.NameKey == nameKey && p.DeletedAt != null && p.DeletedAt >= deletedAfter)
            // The oldest restorable one: after a reuse, deleting the new package lets the blocked restore go ahead.
            .OrderBy(p => p.DeletedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Package?> FindByIdAsync(long packageId, CancellationToken cancellationToken) =>
        db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId, cancellationToken);

    public async Task<PackagePage> ListAsync(PackageListQuery query, CancellationToken cancellationToken)
    {
        var packages = Readable(db.Packages.AsNoTracking()
            .Where(p => p.OwnerId == query.OwnerId && p.Type == query.Type && p.DeletedAt == null), query.Scope);
        if (query.Visibility is { } visibility)
        {
            packages = packages.Where(p => p.Visibility == visibility);
        }

        // Counting stops at the limit; the walk is in id order like the page's, so the count is of a defined set.
        var total = query.CountLimit is { } limit
            ? await packages.OrderBy(p => p.Id).Take(limit).LongCountAsync(cancellationToken)
            : await packages.LongCountAsync(cancellationToken);
        if (query.Offset > int.MaxValue)
        {
            return new PackagePage([], total);
        }

        // Ids first (an index-only walk), then the rows: a deep page must not fetch every row it skips. Skip and
        // take stay variables so EF parameterises them instead of caching one query per page.
        var skip = (int)query.Offset;
        var take = query.PerPage;
        var pageIds = packages.OrderBy(p => p.Id).Skip(skip).Take(take).Select(p => p.Id);
        var page = await db.Packages.AsNoTracking().Where(p => pageIds.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return new PackagePage(await WithVersionCountsAsync(page, cancellationToken), total);
    }

    public Task<int> CountActiveVersionsAsync(long packageId, CancellationToken cancellationToken) =>
        db.PackageVersions.CountAsync(v => v.PackageId == packageId && v.DeletedAt == null, cancellationToken);

    public async Task<VersionPage> ListVersionsAsync(VersionListQuery query, CancellationToken cancellationToken)
    {
        var versions = db.PackageVersions.AsNoTracking().Where(v => v.PackageId == query.PackageId);
        versions = query.Deleted
            ? versions.Where(v => v.DeletedAt != null && v.DeletedAt >= query.DeletedAfter)
            : versions.Where(v => v.DeletedAt == null);
        var total = query.KnownTotal ?? await versions.LongCountAsync(cancellationToken);
        if (query.Offset > int.MaxValue)
        {
            return new VersionPage([], total);
        }

        var skip = (int)query.Offset;
        var take = query.PerPage;
        var pageIds = versions.OrderByDescending(v => v.Id).Skip(skip).Take(take).Select(v => v.Id);
        var items = await db.PackageVersions.AsNoTracking().Where(v => pageIds.Contains(v.Id))
            .OrderByDescending(v => v.Id).ToListAsync(cancellationToken);
        return new VersionPage(items, total);
    }

    public Task<PackageVersion?> FindVersionAsync(long packageId, long versionId, CancellationToken cancellationToken) =>
        db.PackageVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.PackageId == packageId, cancellationToken);

    public Task<PackageVersion?> FindActiveVersionByNameAsync(long packageId, string name, CancellationToken cancellationToken) =>
        db.PackageVersions.AsNoTracking().FirstOrDefaultAsync(v => v.PackageId == packageId && v.Name == name && v.DeletedAt == null, cancellationToken);

    public async Task<IReadOnlyList<PackageFile>> ListFilesAsync(long versionId, CancellationToken cancellationToken) =>
        await db.PackageFiles.AsNoTracking().Where(f => f.VersionId == versionId).OrderBy(f => f.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> ListTagsAsync(IReadOnlyCollection<long> versionIds, CancellationToken cancellationToken)
    {
        var tags = await db.ContainerTags.AsNoTracking().Where(t => versionIds.Contains(t.VersionId))
            .OrderBy(t => t.Name).Select(t => new { t.VersionId, t.Name }).ToListAsync(cancellationToken);
        return tags.GroupBy(t => t.VersionId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Name).ToArray());
    }

    public Task<int> CountTaggedActiveVersionsAsync(long packageId, CancellationToken cancellationToken) =>
        db.ContainerTags.Where(t => t.PackageId == packageId).Select(t => t.VersionId).Distinct().CountAsync(cancellationToken);

    public async Task<NewVersionOutcome> AddVersionAsync(NewVersionRecord record, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // The unique indexes decide both races (a package created by another publisher, a version published
            // twice); leaving without a commit rolls back whatever this publish wrote.
            var package = record.Package;
            if (package.Id == 0)
            {
                if (!await db.TryInsertAsync(package, cancellationToken))
                {
                    return NewVersionOutcome.PackageRaced;
                }
            }
            else
            {
                await db.Packages.Where(p => p.Id == package.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, record.Version.CreatedAt), cancellationToken);
            }

            record.Version.PackageId = package.Id;
            if (!await db.TryInsertAsync(record.Version, cancellationToken))
            {
                return NewVersionOutcome.VersionExists;
            }

            foreach (var file in record.Files)
            {
                file.VersionId = record.Version.Id;
                db.PackageFiles.Add(file);
            }

            if (record.CreatorGrant is { } grant)
            {
                grant.PackageId = package.Id;
                db.PackageGrants.Add(grant);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var tag in record.Tags.Distinct(StringComparer.Ordinal))
            {
                await db.MoveTagAsync(package.Id, record.Version.Id, tag, record.Version.CreatedAt, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return NewVersionOutcome.Created;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task UpdatePackageAsync(Package package, CancellationToken cancellationToken)
    {
        db.Packages.Update(package);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task SoftDeletePackageAsync(long packageId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var package = await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId && p.DeletedAt == null, cancellationToken);
        if (package is null)
        {
            return;
        }

        await db.Packages.Where(p => p.Id == packageId && p.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (ImageBlobLinks.IsImage(package.Type))
        {
            await ImageBlobLinks.DropAsync(db, package, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> TryRestorePackageAsync(long packageId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var package = await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId && p.DeletedAt != null, cancellationToken);
        if (package is null)
        {
            return false;
        }

        try
        {
            // A live package of the same name is the expected refusal ("namespace reused"): the statement leaves the
            // row alone instead of failing on the unique index, which then decides only a restore racing a publish.
            if (await db.Packages
                    .Where(p => p.Id == packageId && p.DeletedAt != null &&
                        !db.Packages.Any(o => o.OwnerId == p.OwnerId && o.Type == p.Type && o.NameKey == p.NameKey && o.DeletedAt == null))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, (DateTime?)null).SetProperty(p => p.UpdatedAt, now), cancellationToken) == 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (db.ViolatesUniqueIndex(ex))
        {
            return false;
        }

        if (ImageBlobLinks.IsImage(package.Type))
        {
            await ImageBlobLinks.RelinkAsync(db, package, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task SoftDeleteVersionAsync(long versionId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tags = await db.ContainerTags.Where(t => t.VersionId == versionId).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        var detached = tags.Count == 0 ? null : JsonSerializer.Serialize(tags);
        await db.ContainerTags.Where(t => t.VersionId == versionId).ExecuteDeleteAsync(cancellationToken);
        await db.PackageVersions.Where(v => v.Id == versionId && v.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeletedAt, now).SetProperty(v => v.UpdatedAt, now).SetProperty(v => v.DetachedTags, detached), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> TryRestoreVersionAsync(long versionId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var version = await db.PackageVersions.AsNoTracking().FirstAsync(v => v.Id == versionId, cancellationToken);
        try
        {
            // As for packages: a live version of the same name leaves the row alone; the index decides races only.
            if (await db.PackageVersions
                    .Where(v => v.Id == versionId &&
                        !db.PackageVersions.Any(o => o.PackageId == v.PackageId && o.Name == v.Name && o.DeletedAt == null && o.Id != v.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeletedAt, (DateTime?)null).SetProperty(v => v.UpdatedAt, now).SetProperty(v => v.DetachedTags, (string?)null), cancellationToken) == 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (db.ViolatesUniqueIndex(ex))
        {
            return false;
        }

        // Tags come back only where no other version took them meanwhile.
        var tags = version.DetachedTags is null ? [] : JsonSerializer.Deserialize<string[]>(version.DetachedTags) ?? [];
        if (tags.Length > 0)
        {
            var taken = await db.ContainerTags.Where(t => t.PackageId == version.PackageId && tags.Contains(t.Name))
                .Select(t => t.Name).ToListAsync(cancellationToken);
            foreach (var tag in tags.Except(taken, StringComparer.Ordinal))
            {
                db.ContainerTags.Add(new ContainerTag { PackageId = version.PackageId, VersionId = versionId, Name = tag, UpdatedAt = now });
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<long> MaxVersionDownloadsAsync(long packageId, CancellationToken cancellationToken) =>
        await db.PackageVersions.Where(v => v.PackageId == packageId).MaxAsync(v => (long?)v.DownloadCount, cancellationToken) ?? 0;

    public async Task AddDownloadsAsync(IReadOnlyDictionary<long, long> countsByVersion, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (versionId, count) in countsByVersion)
        {
            await db.PackageVersions.Where(v => v.Id == versionId)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.DownloadCount, v => v.DownloadCount + count), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PackageGrant>> ListGrantsAsync(long packageId, CancellationToken cancellationToken) =>
        await db.PackageGrants.AsNoTracking().Where(g => g.PackageId == packageId).OrderBy(g => g.Id).ToListAsync(cancellationToken);

    public async Task SetGrantAsync(PackageGrant grant, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PackageGrants.Where(g => g.PackageId == grant.PackageId && g.UserId == grant.UserId && g.TeamId == grant.TeamId)
            .ExecuteDeleteAsync(cancellationToken);
        db.PackageGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RemoveGrantAsync(long packageId, long? userId, long? teamId, CancellationToken cancellationToken) =>
        await db.PackageGrants.Where(g => g.PackageId == packageId && g.UserId == userId && g.TeamId == teamId).ExecuteDeleteAsync(cancellationToken) > 0;

    public Task SyncRepositoryVisibilityAsync(long repositoryId, Visibility visibility, IReadOnlyCollection<PackageType> repositoryScopedTypes, CancellationToken cancellationToken) =>
        db.Packages.Where(p => p.RepositoryId == repositoryId && repositoryScopedTypes.Contains(p.Type))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Visibility, visibility), cancellationToken);

    public async Task<IReadOnlyList<PackageSummary>> ListMigrationConflictsAsync(long ownerId, PackageReadScope scope, CancellationToken cancellationToken)
    {
        var packages = await Readable(db.Packages.AsNoTracking()
                .Where(p => p.OwnerId == ownerId && p.Type == PackageType.Docker && p.MigrationConflict && p.DeletedAt == null), scope)
            .OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return await WithVersionCountsAsync(packages, cancellationToken);
    }

    public async Task<IReadOnlyList<PackageFileReference>> ListFileReferencesAsync(BlobReferenceQuery query, CancellationToken cancellationToken)
    {
        var files = db.PackageFiles.AsNoTracking().Where(f => f.Id > query.AfterId);
        if (query.Digest is { } digest)
        {
            files = files.Where(f => f.Sha256 == digest);
        }

        var limit = query.Limit;
        return await (from f in files
                      join v in db.PackageVersions on f.VersionId equals v.Id
                      join p in db.Packages on v.PackageId equals p.Id
                      join a in db.Accounts on p.OwnerId equals a.Id
                      orderby f.Id
                      select new PackageFileReference(
                          f.Id, a.Login, p.Type, p.Name, v.Name, f.Name, f.Sha256, f.Size, v.DeletedAt != null || p.DeletedAt != null))
            .Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<int> PurgeAsync(DateTime deletedBefore, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var packageIds = db.Packages.Where(p => p.DeletedAt != null && p.DeletedAt < deletedBefore).Select(p => p.Id);
        var versionIds = db.PackageVersions
            .Where(v => (v.DeletedAt != null && v.DeletedAt < deletedBefore) || packageIds.Contains(v.PackageId)).Select(v => v.Id);
        await db.PackageFiles.Where(f => versionIds.Contains(f.VersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.ContainerTags.Where(t => versionIds.Contains(t.VersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.PackageGrants.Where(g => packageIds.Contains(g.PackageId)).ExecuteDeleteAsync(cancellationToken);
        var versions = await db.PackageVersions
            .Where(v => (v.DeletedAt != null && v.DeletedAt < deletedBefore) || packageIds.Contains(v.PackageId)).ExecuteDeleteAsync(cancellationToken);
        var packages = await db.Packages.Where(p => p.DeletedAt != null && p.DeletedAt < deletedBefore).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return versions + packages;
    }

    /// <summary>The list form of the access policy's read rule; see <see cref="PackageReadScope"/>.</summary>
    private IQueryable<Package> Readable(IQueryable<Package> packages, PackageReadScope scope)
    {
        if (scope.All)
        {
            return packages;
        }

        if (scope.UserId is not { } userId || (scope.RepositoryScoped && !scope.CanSeePrivateRepositories))
        {
            return packages.Where(p => p.Visibility == Visibility.Public);
        }

        var member = scope.IsOrganizationMember;
        var teamIds = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var repositoryIds = db.RepositoryCollaborators.Where(c => c.UserId == userId).Select(c => c.RepositoryId)
            .Concat(db.TeamRepositoryGrants.Where(g => teamIds.Contains(g.TeamId)).Select(g => g.RepositoryId));
        if (scope.RepositoryScoped)
        {
            return packages.Where(p => p.Visibility == Visibility.Public || (member && p.Visibility == Visibility.Internal) ||
                (p.RepositoryId != null && repositoryIds.Contains(p.RepositoryId.Value)));
        }

        var granted = db.PackageGrants.Where(g => g.UserId == userId || (g.TeamId != null && teamIds.Contains(g.TeamId.Value))).Select(g => g.PackageId);
        return packages.Where(p => p.Visibility == Visibility.Public || (member && p.Visibility == Visibility.Internal) ||
            granted.Contains(p.Id) || (p.InheritAccess && p.RepositoryId != null && repositoryIds.Contains(p.RepositoryId.Value)));
    }

    private async Task<IReadOnlyList<PackageSummary>> WithVersionCountsAsync(List<Package> packages, CancellationToken cancellationToken)
    {
        if (packages.Count == 0)
        {
            return [];
        }

        var ids = packages.Select(p => p.Id).ToArray();
        var counts = await db.PackageVersions.Where(v => ids.Contains(v.PackageId) && v.DeletedAt == null)
            .GroupBy(v => v.PackageId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return packages.Select(p => new PackageSummary(p, counts.GetValueOrDefault(p.Id))).ToArray();
    }
}
