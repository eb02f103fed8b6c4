using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Wharf.Core.Metadata;

namespace Wharf.Storage.Database;

public sealed class RegistryStateStore(WharfDbContext db) : IRegistryStateStore
{
    // Registries ask for the stamp on every request (it is what keeps their caches exact), so the query is compiled,
    // once per model: EF refuses a compiled query on a model other than the one it was compiled for, and one process
    // may hold SQLite and PostgreSQL contexts at once.
    private static readonly ConditionalWeakTable<IModel, Func<WharfDbContext, long, CancellationToken, Task<PackageStamp?>>> StampQueries = new();

    public Task<PackageStamp?> FindStampAsync(long packageId, CancellationToken cancellationToken) =>
        StampQueries.GetValue(db.Model, _ => CompileStampQuery())(db, packageId, cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> ListTagsAsync(long packageId, CancellationToken cancellationToken) =>
        await db.ContainerTags.AsNoTracking().Where(t => t.PackageId == packageId)
            .ToDictionaryAsync(t => t.Name, t => t.VersionId, StringComparer.Ordinal, cancellationToken);

    public async Task SetTagAsync(long packageId, string tag, long versionId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.MoveTagAsync(packageId, versionId, tag, now, cancellationToken);
        await TouchAsync(packageId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RemoveTagAsync(long packageId, string tag, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.ContainerTags.Where(t => t.PackageId == packageId && t.Name == tag).ExecuteDeleteAsync(cancellationToken) > 0;
        if (removed)
        {
            await TouchAsync(packageId, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<bool> UpdateVersionMetadataAsync(long packageId, long versionId, string? metadata, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.PackageVersions.Where(v => v.Id == versionId && v.PackageId == packageId && v.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Metadata, metadata).SetProperty(v => v.UpdatedAt, now), cancellationToken) > 0;
        if (updated)
        {
            await TouchAsync(packageId, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    private static Func<WharfDbContext, long, CancellationToken, Task<PackageStamp?>> CompileStampQuery() =>
        EF.CompileAsyncQuery((WharfDbContext db, long packageId, CancellationToken cancellationToken) =>
            db.Packages.AsNoTracking()
                .Where(p => p.Id == packageId)
                .Select(p => new PackageStamp(
                    p.Id,
                    p.UpdatedAt,
                    p.DeletedAt != null,
                    p.Visibility,
                    p.RepositoryId,
                    db.PackageVersions.Count(v => v.PackageId == p.Id && v.DeletedAt == null),
                    db.PackageVersions.Where(v => v.PackageId == p.Id && v.DeletedAt == null).Sum(v => (long?)v.Id) ?? 0,
                    db.PackageVersions.Where(v => v.PackageId == p.Id).Max(v => (DateTime?)v.UpdatedAt)))
                .FirstOrDefault());

    /// <summary>Moves the package's <c>UpdatedAt</c>, which is part of its <see cref="PackageStamp"/>.</summary>
    private Task<int> TouchAsync(long packageId, DateTime now, CancellationToken cancellationToken) =>
        db.Packages.Where(p => p.Id == packageId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), cancellationToken);
}
