using Microsoft.EntityFrameworkCore;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Storage.Database;

public sealed class ContainerStore(WharfDbContext db) : IContainerStore
{
    private DbSet<ContainerUpload> Uploads => db.Set<ContainerUpload>();

    private DbSet<ContainerBlobLink> Links => db.Set<ContainerBlobLink>();

    public async Task AddUploadAsync(ContainerUpload upload, CancellationToken cancellationToken)
    {
        Uploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public Task<ContainerUpload?> FindUploadAsync(string id, CancellationToken cancellationToken) =>
        Uploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    // Each claim step is one conditional statement on the session row, so the database decides between requests on
    // any node; none reads first and writes after.
    public async Task<bool> TryClaimUploadAsync(string id, long offset, string claimId, string holder, DateTime now, DateTime staleBefore, CancellationToken cancellationToken) =>
        await Uploads.Where(u => u.Id == id && u.Offset == offset && (u.ClaimId == null || u.UpdatedAt < staleBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ClaimId, claimId).SetProperty(u => u.ClaimHolder, holder).SetProperty(u => u.UpdatedAt, now), cancellationToken) > 0;

    public async Task<bool> TryTakeOverUploadClaimAsync(string id, long offset, string heldClaimId, string claimId, string holder, DateTime now, CancellationToken cancellationToken) =>
        await Uploads.Where(u => u.Id == id && u.Offset == offset && u.ClaimId == heldClaimId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ClaimId, claimId).SetProperty(u => u.ClaimHolder, holder).SetProperty(u => u.UpdatedAt, now), cancellationToken) > 0;

    public async Task<bool> RenewUploadClaimAsync(string id, string claimId, DateTime now, CancellationToken cancellationToken) =>
        await Uploads.Where(u => u.Id == id && u.ClaimId == claimId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedAt, now), cancellationToken) > 0;

    public async Task<bool> TryAdvanceUploadAsync(string id, string claimId, long newOffset, string? digest, DateTime now, CancellationToken cancellationToken) =>
        await Uploads.Where(u => u.Id == id && u.ClaimId == claimId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Offset, newOffset).SetProperty(u => u.Digest, digest)
                .SetProperty(u => u.ClaimId, (string?)null).SetProperty(u => u.ClaimHolder, (string?)null).SetProperty(u => u.UpdatedAt, now), cancellationToken) > 0;

    public Task ReleaseUploadClaimAsync(string id, string claimId, CancellationToken cancellationToken) =>
        Uploads.Where(u => u.Id == id && u.ClaimId == claimId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ClaimId, (string?)null).SetProperty(u => u.ClaimHolder, (string?)null), cancellationToken);

    public async Task<bool> TryDeleteClaimedUploadAsync(string id, string claimId, CancellationToken cancellationToken) =>
        await Uploads.Where(u => u.Id == id && u.ClaimId == claimId).ExecuteDeleteAsync(cancellationToken) > 0;

    public Task DeleteUploadAsync(string id, CancellationToken cancellationToken) =>
        Uploads.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<ContainerUpload>> ListUploadsUpdatedBeforeAsync(DateTime before, CancellationToken cancellationToken) =>
        await Uploads.AsNoTracking().Where(u => u.UpdatedAt < before).ToListAsync(cancellationToken);

    public async Task<IReadOnlySet<string>> ListUploadIdsAsync(CancellationToken cancellationToken) =>
        (await Uploads.Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlySet<string>> ListUploadDigestsAsync(CancellationToken cancellationToken) =>
        (await Uploads.Where(u => u.Digest != null).Select(u => u.Digest!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public Task LinkBlobAsync(long ownerId, string repository, string digest, long size, long userId, DateTime now, CancellationToken cancellationToken) =>
        ImageBlobLinks.UpsertAsync(db, ownerId, repository, digest, size, userId, now, cancellationToken);

    public Task TouchBlobLinksAsync(long ownerId, string repository, string digest, DateTime now, CancellationToken cancellationToken) =>
        Links.Where(l => l.OwnerId == ownerId && l.Repository == repository && l.Digest == digest)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.CreatedAt, now), cancellationToken);

    public Task<ContainerBlobLink?> FindBlobLinkAsync(long ownerId, string repository, string digest, long? userId, CancellationToken cancellationToken) =>
        LinksOf(ownerId, repository, userId).Where(l => l.Digest == digest).OrderBy(l => l.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> FindBlobLinksAsync(
        long ownerId, string repository, IReadOnlyCollection<string> digests, long? userId, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);

        // In slices, so that a long list stays under each provider's limit on parameters.
        foreach (var slice in digests.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var rows = await LinksOf(ownerId, repository, userId).Where(l => slice.Contains(l.Digest))
                .Select(l => new { l.Digest, l.Size }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[row.Digest] = row.Size;
            }
        }

        return found;
    }

    private IQueryable<ContainerBlobLink> LinksOf(long ownerId, string repository, long? userId)
    {
        var links = Links.AsNoTracking().Where(l => l.OwnerId == ownerId && l.Repository == repository);
        return userId is { } user ? links.Where(l => l.UserId == user) : links;
    }

    public Task<PackageVersion?> FindVersionByTagAsync(long packageId, string tag, CancellationToken cancellationToken) =>
        (from t in db.ContainerTags
         join v in db.PackageVersions on t.VersionId equals v.Id
         where t.PackageId == packageId && t.Name == tag && v.DeletedAt == null
         select v).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    public Task MoveTagAsync(long packageId, long versionId, string tag, DateTime now, CancellationToken cancellationToken) =>
        db.MoveTagAsync(packageId, versionId, tag, now, cancellationToken);

    public async Task<bool> RemoveTagAsync(long packageId, string tag, CancellationToken cancellationToken) =>
        await db.ContainerTags.Where(t => t.PackageId == packageId && t.Name == tag).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<IReadOnlyList<string>> ListTagsAsync(long packageId, string? last, int limit, CancellationToken cancellationToken)
    {
        var tags = db.ContainerTags.Where(t => t.PackageId == packageId);
        if (last is not null)
        {
            tags = tags.Where(t => string.Compare(t.Name, last) > 0);
        }

        return await tags.OrderBy(t => t.Name).Select(t => t.Name).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PackageVersion>> ListReferrersAsync(long packageId, string subjectDigest, CancellationToken cancellationToken)
    {
        var needle = "\"subject\":\"" + subjectDigest + "\"";
        return await db.PackageVersions.AsNoTracking()
            .Where(v => v.PackageId == packageId && v.DeletedAt == null && v.Metadata != null && v.Metadata.Contains(needle))
            .OrderBy(v => v.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string Owner, long OwnerId, string Name)>> ListImagesAsync(PackageType type, CancellationToken cancellationToken)
    {
        var rows = await (from p in db.Packages
                          join a in db.Accounts on p.OwnerId equals a.Id
                          where p.Type == type && p.DeletedAt == null
                          select new { a.LoginKey, p.OwnerId, p.NameKey }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.LoginKey, r.OwnerId, r.NameKey))
            .OrderBy(r => r.LoginKey + "/" + r.NameKey, StringComparer.Ordinal).ToArray();
    }

    public Task<bool> IsReferencedAsync(string digest, CancellationToken cancellationToken) =>
        db.PackageFiles.AnyAsync(f => f.Sha256 == digest, cancellationToken);

    public async Task<DateTime?> LatestLinkAsync(string digest, CancellationToken cancellationToken) =>
        await Links.Where(l => l.Digest == digest).MaxAsync(l => (DateTime?)l.CreatedAt, cancellationToken);

    public Task DeleteLinksAsync(string digest, CancellationToken cancellationToken) =>
        Links.Where(l => l.Digest == digest).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<BlobLinkReference>> ListBlobLinkReferencesAsync(BlobReferenceQuery query, CancellationToken cancellationToken)
    {
        var links = Links.AsNoTracking().Where(l => l.Id > query.AfterId);
        if (query.Digest is { } digest)
        {
            links = links.Where(l => l.Digest == digest);
        }

        var limit = query.Limit;
        return await (from l in links
                      join a in db.Accounts on l.OwnerId equals a.Id
                      orderby l.Id
                      select new BlobLinkReference(l.Id, a.Login, l.OwnerId, l.Repository, l.Digest))
            .Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UploadBlobReference>> ListUploadBlobReferencesAsync(CancellationToken cancellationToken) =>
        await (from u in Uploads.AsNoTracking()
               join a in db.Accounts on u.OwnerId equals a.Id
               where u.Digest != null
               orderby u.CreatedAt
               select new UploadBlobReference(u.Id, a.Login, u.Repository, u.Digest!)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Package>> ListActivePackagesAsync(PackageType type, CancellationToken cancellationToken) =>
        await db.Packages.AsNoTracking().Where(p => p.Type == type && p.DeletedAt == null).OrderBy(p => p.Id).ToListAsync(cancellationToken);

    public async Task<bool> TryMoveToContainerAsync(long packageId, DateTime now, CancellationToken cancellationToken)
    {
        try
        {
            // A live container package of the same name is the expected conflict: the statement leaves the row
            // alone instead of failing on the unique index on live (owner, type, name), which decides races only.
            if (await db.Packages
                    .Where(p => p.Id == packageId && p.Type == PackageType.Docker &&
                        !db.Packages.Any(o => o.OwnerId == p.OwnerId && o.Type == PackageType.Container && o.NameKey == p.NameKey && o.DeletedAt == null))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(p => p.Type, PackageType.Container)
                        .SetProperty(p => p.InheritAccess, true)
                        .SetProperty(p => p.MigrationConflict, false)
                        .SetProperty(p => p.UpdatedAt, now), cancellationToken) > 0)
            {
                return true;
            }
        }
        catch (Exception ex) when (db.ViolatesUniqueIndex(ex))
        {
            // A container package of that name was published while this ran.
        }

        // Still a docker package: its name is taken. Gone from docker: another run moved it.
        return await db.Packages.Where(p => p.Id == packageId && p.Type == PackageType.Docker)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MigrationConflict, true).SetProperty(p => p.UpdatedAt, now), cancellationToken) == 0;
    }
}
