using Wharf.Core.Accounts;
using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>A package with what its REST representation needs: owner, linked repository, number of versions.</summary>
public sealed record PackageView(Package Package, Account Owner, Repository? Repository, int VersionCount);

public sealed record VersionView(PackageVersion Version, IReadOnlyList<string> Tags);

public sealed record PackageListView(IReadOnlyList<PackageView> Items, long Total);

public sealed record VersionListView(PackageView Package, IReadOnlyList<VersionView> Items, long Total);

/// <summary>Changes a package admin may make that GitHub only offers in its web UI.</summary>
public sealed record PackageSettingsChange
{
    public Visibility? Visibility { get; init; }

    /// <summary>Set to link (repository name of the same owner) or to unlink (<see cref="UnlinkRepository"/>).</summary>
    public string? RepositoryName { get; init; }

    public bool UnlinkRepository { get; init; }

    public bool? InheritAccess { get; init; }
}
