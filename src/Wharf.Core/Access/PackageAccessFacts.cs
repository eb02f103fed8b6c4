using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Core.Access;

/// <summary>
/// Everything the policy needs to know about one caller and one package (or the package a publish would create).
/// Loaded by <see cref="Metadata.IAccessFactsStore"/>; the policy itself does no I/O, so it can be tested as a table.
/// </summary>
public sealed record PackageAccessFacts
{
    public required PackageType Type { get; init; }

    public required AccountType OwnerType { get; init; }

    /// <summary>The package's own visibility; ignored for repository-scoped packages with a repository.</summary>
    public Visibility PackageVisibility { get; init; } = Visibility.Private;

    public bool InheritAccess { get; init; }

    /// <summary>Null when no repository is linked.</summary>
    public Visibility? RepositoryVisibility { get; init; }

    /// <summary>The caller is the user who owns the package.</summary>
    public bool CallerIsOwner { get; init; }

    /// <summary>The caller's role in the owning organization, or null.</summary>
    public OrganizationRole? CallerOrganizationRole { get; init; }

    /// <summary>The caller's role on the linked repository from ownership, collaborators and teams (not visibility).</summary>
    public RepositoryPermission CallerRepositoryPermission { get; init; }

    /// <summary>
    /// The caller's best role on any repository of the owner (ownership and organization ownership count as admin), for
    /// creating a repository-scoped package that names no repository the caller can see; None when not loaded.
    /// </summary>
    public RepositoryPermission CallerBestRepositoryPermission { get; init; }

    /// <summary>The best role the caller holds on the package through user and team grants.</summary>
    public PackageRole CallerGrantRole { get; init; }

    /// <summary>The owner enforces SSO and the caller's token, a member's, is not authorised for it.</summary>
    public bool SsoBlocked { get; init; }
}
