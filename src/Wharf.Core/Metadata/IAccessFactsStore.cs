using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Core.Packages;

namespace Wharf.Core.Metadata;

/// <summary>Reads the caller-specific facts the access policy decides on, in as few queries as possible.</summary>
public interface IAccessFactsStore
{
    Task<OrganizationRole?> FindOrganizationRoleAsync(long organizationId, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's role on a repository from ownership, organization ownership, collaborator and team grants
    /// (not from the repository's visibility).
    /// </summary>
    Task<RepositoryPermission> FindRepositoryPermissionAsync(Repository repository, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's best role on any repository of <paramref name="owner"/> from ownership, organization ownership,
    /// collaborator and team grants (not from visibility): whether they could write to some repository of the owner.
    /// </summary>
    Task<RepositoryPermission> FindBestRepositoryPermissionAsync(Account owner, long userId, CancellationToken cancellationToken);

    /// <summary>The best role the user holds on the package through user and team grants.</summary>
    Task<PackageRole> FindGrantRoleAsync(long packageId, long userId, CancellationToken cancellationToken);
}
