using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Core.Metadata;

/// <summary>
/// Which of an owner's packages a caller may read, in a form a store can turn into a query. It mirrors
/// <see cref="Access.AccessPolicy"/> for lists, where deciding package by package would not scale.
/// </summary>
public sealed record PackageReadScope
{
    /// <summary>The caller administers the namespace (the user themself, an organization owner): everything.</summary>
    public bool All { get; init; }

    public long? UserId { get; init; }

    public bool IsOrganizationMember { get; init; }

    /// <summary>The type's packages follow their repository (repository-scoped model).</summary>
    public bool RepositoryScoped { get; init; }

    /// <summary>The token holds the repo scope; without it private repositories' packages are out of sight.</summary>
    public bool CanSeePrivateRepositories { get; init; }
}

/// <param name="CountLimit">Count at most this many: GitHub's lists stop at 10,000, so counting further is wasted.</param>
public sealed record PackageListQuery(
    long OwnerId, PackageType Type, Visibility? Visibility, PackageReadScope Scope, int Page, int PerPage, int? CountLimit = null)
{
    /// <summary>The rows before the page, in 64 bits: page × per_page overflows an int long before it is refused.</summary>
    public long Offset => ((long)Page - 1) * PerPage;
}

public sealed record PackageSummary(Package Package, int VersionCount);

public sealed record PackagePage(IReadOnlyList<PackageSummary> Items, long Total);

/// <param name="KnownTotal">The total when the caller already counted it, so the store need not count again.</param>
public sealed record VersionListQuery(long PackageId, bool Deleted, DateTime DeletedAfter, int Page, int PerPage, long? KnownTotal = null)
{
    /// <summary>The rows before the page, in 64 bits (see <see cref="PackageListQuery.Offset"/>).</summary>
    public long Offset => ((long)Page - 1) * PerPage;
}

public sealed record VersionPage(IReadOnlyList<PackageVersion> Items, long Total);

/// <summary>What <see cref="IPackageStore.AddVersionAsync"/> writes in one transaction.</summary>
public sealed record NewVersionRecord(
    Package Package,
    PackageVersion Version,
    IReadOnlyList<PackageFile> Files,
    PackageGrant? CreatorGrant,
    IReadOnlyList<string> Tags);

public enum NewVersionOutcome
{
    Created = 0,

    /// <summary>An active version of that name exists.</summary>
    VersionExists = 1,

    /// <summary>Another publish created the package first; reload it and try again.</summary>
    PackageRaced = 2,
}
