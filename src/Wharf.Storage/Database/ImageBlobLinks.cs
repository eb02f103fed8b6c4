using Microsoft.EntityFrameworkCore;
using Wharf.Core.Containers;
using Wharf.Core.Packages;

namespace Wharf.Storage.Database;

/// <summary>
/// Blob link rows as an image's package comes and goes. Links left by a deleted image are not for whoever pushes
/// the freed name next (they would hand over its layers without an upload), so a package's soft delete drops them and
/// its restore makes them again from the versions' files.
/// </summary>
internal static class ImageBlobLinks
{
    public static bool IsImage(PackageType type) => type is PackageType.Container or PackageType.Docker;

    /// <summary>Inserts a link, or refreshes its time; the unique index decides a race without a failed statement.</summary>
    public static Task UpsertAsync(WharfDbContext db, long ownerId, string repository, string digest, long size, long userId, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO container_blob_links ("OwnerId", "Repository", "Digest", "Size", "UserId", "CreatedAt")
            VALUES ({ownerId}, {repository}, {digest}, {size}, {userId}, {now})
            ON CONFLICT ("OwnerId", "Repository", "Digest", "UserId") DO UPDATE SET "CreatedAt" = excluded."CreatedAt"
            """, cancellationToken);

    /// <summary>Drops the image's links, unless another live image package (a Docker one moved or not) shares the name.</summary>
    public static async Task DropAsync(WharfDbContext db, Package package, CancellationToken cancellationToken)
    {
        var shared = await db.Packages.AnyAsync(p => p.OwnerId == package.OwnerId && p.NameKey == package.NameKey && p.Id != package.Id &&
            p.DeletedAt == null && (p.Type == PackageType.Container || p.Type == PackageType.Docker), cancellationToken);
        if (!shared)
        {
            await db.Set<ContainerBlobLink>().Where(l => l.OwnerId == package.OwnerId && l.Repository == package.NameKey)
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Links every blob the package's versions (live or deleted) name, as Wharf's own links.</summary>
    public static async Task RelinkAsync(WharfDbContext db, Package package, DateTime now, CancellationToken cancellationToken)
    {
        var blobs = await (from f in db.PackageFiles
                           join v in db.PackageVersions on f.VersionId equals v.Id
                           where v.PackageId == package.Id
                           select new { f.Sha256, f.Size }).Distinct().ToListAsync(cancellationToken);
        foreach (var blob in blobs.DistinctBy(b => b.Sha256))
        {
            await UpsertAsync(db, package.OwnerId, package.NameKey, blob.Sha256, blob.Size, ContainerBlobLink.NoUser, now, cancellationToken);
        }
    }
}
