using Wharf.Core.Repositories;

namespace Wharf.Core.Metadata;

/// <summary>
/// What a package's registry answers depend on, read in one query. A publish, a delete or restore of the package or of
/// a version, a tag or metadata change, a settings change or a repository visibility sync alters it, on whichever node
/// the change was made: caches keyed on it are never stale, and need no message between nodes.
/// </summary>
/// <param name="ActiveVersionIdSum">With the count, tells apart two sets of active versions of the same size.</param>
/// <param name="LastVersionChange">The latest <c>UpdatedAt</c> of any version, deleted ones included.</param>
public sealed record PackageStamp(
    long PackageId,
    DateTime UpdatedAt,
    bool Deleted,
    Visibility Visibility,
    long? RepositoryId,
    int ActiveVersions,
    long ActiveVersionIdSum,
    DateTime? LastVersionChange);
