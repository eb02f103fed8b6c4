namespace Wharf.Core.Metadata;

/// <summary>
/// What a registry changes on a published package outside the publish transaction, and how it notices changes made
/// elsewhere: movable tags (npm dist-tags, in the tag table container tags use), a version's registry metadata (npm
/// deprecations), and a <see cref="PackageStamp"/> that answer caches are keyed on. Access is decided by the caller
/// through <see cref="Packages.PackageService"/> before any change.
/// </summary>
public interface IRegistryStateStore
{
    /// <summary>The package's change stamp, or null when no package has that id.</summary>
    Task<PackageStamp?> FindStampAsync(long packageId, CancellationToken cancellationToken);

    /// <summary>The package's tags: tag name → version id.</summary>
    Task<IReadOnlyDictionary<string, long>> ListTagsAsync(long packageId, CancellationToken cancellationToken);

    /// <summary>Points the tag at the version, taking it from whichever version held it, and marks the package changed.</summary>
    Task SetTagAsync(long packageId, string tag, long versionId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Removes the tag and marks the package changed; false when the package had no such tag.</summary>
    Task<bool> RemoveTagAsync(long packageId, string tag, DateTime now, CancellationToken cancellationToken);

    /// <summary>Replaces an active version's metadata and marks the package changed; false when the version is not active.</summary>
    Task<bool> UpdateVersionMetadataAsync(long packageId, long versionId, string? metadata, DateTime now, CancellationToken cancellationToken);
}
