using Wharf.Core.Packages;

namespace Wharf.Core.Metadata;

/// <summary>Packages, versions, files, container tags, grants and download counts.</summary>
public interface IPackageStore
{
    Task<Package?> FindActiveAsync(long ownerId, PackageType type, string nameKey, CancellationToken cancellationToken);

    /// <summary>The oldest package of that name deleted after <paramref name="deletedAfter"/>, still restorable.</summary>
    Task<Package?> FindDeletedAsync(long ownerId, PackageType type, string nameKey, DateTime deletedAfter, CancellationToken cancellationToken);

    Task<Package?> FindByIdAsync(long packageId, CancellationToken cancellationToken);

    Task<PackagePage> ListAsync(PackageListQuery query, CancellationToken cancellationToken);

    Task<int> CountActiveVersionsAsync(long packageId, CancellationToken cancellationToken);

    Task<VersionPage> ListVersionsAsync(VersionListQuery query, CancellationToken cancellationToken);

    Task<PackageVersion?> FindVersionAsync(long packageId, long versionId, CancellationToken cancellationToken);

    Task<PackageVersion?> FindActiveVersionByNameAsync(long packageId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<PackageFile>> ListFilesAsync(long versionId, CancellationToken cancellationToken);

    /// <summary>Current container tags of the given versions, by version id.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> ListTagsAsync(IReadOnlyCollection<long> versionIds, CancellationToken cancellationToken);

    Task<int> CountTaggedActiveVersionsAsync(long packageId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a version and all its files visible in one transaction, creating the package first when
    /// <see cref="NewVersionRecord.Package"/> has no id. Unique indexes decide races.
    /// </summary>
    Task<NewVersionOutcome> AddVersionAsync(NewVersionRecord record, CancellationToken cancellationToken);

    Task UpdatePackageAsync(Package package, CancellationToken cancellationToken);

    Task SoftDeletePackageAsync(long packageId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Restores the package; false when an active package has taken its name meanwhile.</summary>
    Task<bool> TryRestorePackageAsync(long packageId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Soft-deletes the version, detaching its container tags into <see cref="PackageVersion.DetachedTags"/>.</summary>
    Task SoftDeleteVersionAsync(long versionId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Restores the version and gives back the tags no other version took; false when its name was reused.</summary>
    Task<bool> TryRestoreVersionAsync(long versionId, DateTime now, CancellationToken cancellationToken);

    /// <summary>The largest download count of any version of the package.</summary>
    Task<long> MaxVersionDownloadsAsync(long packageId, CancellationToken cancellationToken);

    Task AddDownloadsAsync(IReadOnlyDictionary<long, long> countsByVersion, CancellationToken cancellationToken);

    Task<IReadOnlyList<PackageGrant>> ListGrantsAsync(long packageId, CancellationToken cancellationToken);

    Task SetGrantAsync(PackageGrant grant, CancellationToken cancellationToken);

    Task<bool> RemoveGrantAsync(long packageId, long? userId, long? teamId, CancellationToken cancellationToken);

    /// <summary>Repository-scoped packages take their repository's visibility; called when it changes.</summary>
    Task SyncRepositoryVisibilityAsync(long repositoryId, Repositories.Visibility visibility, IReadOnlyCollection<PackageType> repositoryScopedTypes, CancellationToken cancellationToken);

    /// <summary>Packages flagged as Docker-migration conflicts in the owner's namespace that the filter lets through.</summary>
    Task<IReadOnlyList<PackageSummary>> ListMigrationConflictsAsync(long ownerId, PackageReadScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Package files of every version not yet purged (deleted but restorable ones included: the set whose blobs
    /// <c>wharf gc</c> keeps), with their owner, package and version names.
    /// </summary>
    Task<IReadOnlyList<PackageFileReference>> ListFileReferencesAsync(BlobReferenceQuery query, CancellationToken cancellationToken);

    /// <summary>Hard-deletes packages and versions deleted before <paramref name="deletedBefore"/>; returns how many rows went.</summary>
    Task<int> PurgeAsync(DateTime deletedBefore, CancellationToken cancellationToken);
}
