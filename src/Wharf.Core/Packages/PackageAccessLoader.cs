using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>Gathers the facts <see cref="AccessPolicy"/> decides on for one caller and one package.</summary>
public sealed class PackageAccessLoader(IAccessFactsStore facts, IRepositoryStore repositories, AccessPolicy policy)
{
    public async Task<PackageAccessFacts> LoadAsync(
        Principal principal, Account owner, PackageType type, Package? package, Repository? repository, CancellationToken cancellationToken)
    {
        if (repository is null && package?.RepositoryId is { } repositoryId)
        {
            repository = await repositories.FindByIdAsync(repositoryId, cancellationToken);
        }

        OrganizationRole? organizationRole = null;
        var repositoryPermission = RepositoryPermission.None;
        var grantRole = PackageRole.None;
        if (principal.UserId is { } userId)
        {
            if (owner.IsOrganization)
            {
                organizationRole = await facts.FindOrganizationRoleAsync(owner.Id, userId, cancellationToken);
            }

            if (repository is not null)
            {
                repositoryPermission = await facts.FindRepositoryPermissionAsync(repository, userId, cancellationToken);
            }

            if (package is not null && package.Id != 0 && policy.ModelOf(type) == PermissionModel.Granular)
            {
                grantRole = await facts.FindGrantRoleAsync(package.Id, userId, cancellationToken);
            }
        }

        return new PackageAccessFacts
        {
            Type = type,
            OwnerType = owner.Type,
            PackageVisibility = package?.Visibility ?? Visibility.Private,
            InheritAccess = package?.InheritAccess ?? false,
            RepositoryVisibility = repository?.Visibility,
            CallerIsOwner = !owner.IsOrganization && principal.UserId == owner.Id,
            CallerOrganizationRole = organizationRole,
            CallerRepositoryPermission = repositoryPermission,
            CallerGrantRole = grantRole,
            SsoBlocked = SsoPolicy.Blocks(principal, owner, organizationRole is not null),
        };
    }

    /// <summary>
    /// The facts for creating a package by its first publish, linked to <paramref name="repository"/> (null: none that
    /// can be linked, or not known yet). When a repository-scoped package has no repository the caller can see, the
    /// caller's best role on the owner's repositories tells one who could publish with another link from one who can
    /// publish nothing here.
    /// </summary>
    public async Task<PackageAccessFacts> LoadCreationAsync(
        Principal principal, Account owner, PackageType type, Repository? repository, CancellationToken cancellationToken)
    {
        var creation = await LoadAsync(principal, owner, type, null, repository, cancellationToken);
        if (policy.ModelOf(type) != PermissionModel.RepositoryScoped || principal.UserId is not { } userId ||
            (creation.RepositoryVisibility is not null && AccessPolicy.RepositoryScopedRole(creation) >= PackageRole.Read))
        {
            return creation;
        }

        return creation with { CallerBestRepositoryPermission = await facts.FindBestRepositoryPermissionAsync(owner, userId, cancellationToken) };
    }

    /// <summary>The list filter equivalent of <see cref="AccessPolicy.Decide"/> for reading.</summary>
    public async Task<PackageReadScope> ReadScopeAsync(Principal principal, Account owner, PackageType type, CancellationToken cancellationToken)
    {
        OrganizationRole? organizationRole = null;
        if (principal.UserId is { } userId && owner.IsOrganization)
        {
            organizationRole = await facts.FindOrganizationRoleAsync(owner.Id, userId, cancellationToken);
        }

        var repositoryScoped = policy.ModelOf(type) == PermissionModel.RepositoryScoped;
        var canSeePrivate = !repositoryScoped || principal.Scopes.Has(Tokens.Scope.Repo);
        var administers = (!owner.IsOrganization && principal.UserId == owner.Id) || organizationRole == OrganizationRole.Admin;
        return new PackageReadScope
        {
            All = administers && canSeePrivate,
            UserId = principal.UserId,
            IsOrganizationMember = organizationRole is not null,
            RepositoryScoped = repositoryScoped,
            CanSeePrivateRepositories = canSeePrivate,
        };
    }
}
