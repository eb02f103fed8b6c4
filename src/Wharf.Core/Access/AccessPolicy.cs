using Microsoft.Extensions.Options;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Core.Access;

/// <summary>
/// The one access function of the server: (principal, package facts, action) → allow, deny as 404, or deny as 403.
/// Order of checks: a caller who cannot read the package is told it does not exist; a caller who can read it but
/// lacks a scope is told which scope; a caller with the scopes but not the role is told which role.
/// </summary>
public sealed class AccessPolicy(IOptions<AccessOptions> options)
{
    private static readonly AccessDecision SsoRequired = AccessDecision.Forbidden(SsoPolicy.Message, PackageDenial.SsoRequired);
    private readonly AccessOptions _options = options.Value;

    public PermissionModel ModelOf(PackageType type) => _options.ModelOf(type);

    /// <summary>Decides whether <paramref name="principal"/> may do <paramref name="action"/> on an existing package.</summary>
    public AccessDecision Decide(Principal principal, PackageAccessFacts facts, PackageAction action)
    {
        if (!principal.IsAuthenticated && !AllowsAnonymousRead(facts.Type))
        {
            return AccessDecision.Unauthenticated;
        }

        if (facts.SsoBlocked)
        {
            return SsoRequired;
        }

        var repositoryScoped = ModelOf(facts.Type) == PermissionModel.RepositoryScoped && facts.RepositoryVisibility is not null;
        var role = repositoryScoped ? RepositoryScopedRole(facts) : GranularRole(facts);
        if (role < PackageRole.Read)
        {
            return principal.IsAuthenticated || action == PackageAction.Read ? AccessDecision.NotFound : AccessDecision.Unauthenticated;
        }

        // Without the repo scope a token cannot see into private repositories, so their packages do not exist for it.
        if (repositoryScoped && facts.RepositoryVisibility != Visibility.Public && principal.IsAuthenticated &&
            !principal.Scopes.Has(Scope.Repo))
        {
            return AccessDecision.NotFound;
        }

        if (!principal.IsAuthenticated)
        {
            return action == PackageAction.Read ? AccessDecision.Allowed : AccessDecision.Unauthenticated;
        }

        if (!HasScopes(principal.Scopes, action, repositoryScoped))
        {
            return AccessDecision.Forbidden(
                ScopeMessages.NeedAtLeast(RequiredScopes(action, repositoryScoped), ActionPhrase(action)), PackageDenial.MissingScope);
        }

        var needed = RequiredRole(action);
        if (role < needed)
        {
            var what = repositoryScoped ? "repository" : "package";
            return AccessDecision.Forbidden(
                $"You need {RoleWord(needed)} access to the {what} to {ActionPhrase(action)}.", PackageDenial.InsufficientRole);
        }

        return AccessDecision.Allowed;
    }

    /// <summary>
    /// Decides whether the caller may create a new package in the owner's namespace by publishing its first version.
    /// Granular: the user themself, or any member of the organization. Repository-scoped: write on the repository.
    /// </summary>
    public AccessDecision DecideCreate(Principal principal, PackageAccessFacts facts) => DecideCreate(principal, facts, linkKnown: true);

    /// <summary>
    /// <see cref="DecideCreate(Principal, PackageAccessFacts)"/> before the repository the package would be linked to is
    /// known (a publish whose content comes before the manifest naming it). A denial holds whatever repository is named;
    /// an allowance means only that some repository could allow it: decide again once it is known.
    /// </summary>
    public AccessDecision DecideCreateBeforeLink(Principal principal, PackageAccessFacts facts) => DecideCreate(principal, facts, linkKnown: false);

    private AccessDecision DecideCreate(Principal principal, PackageAccessFacts facts, bool linkKnown)
    {
        if (!principal.IsAuthenticated)
        {
            return AccessDecision.Unauthenticated;
        }

        if (facts.SsoBlocked)
        {
            return SsoRequired;
        }

        var repositoryScoped = ModelOf(facts.Type) == PermissionModel.RepositoryScoped;
        if (!HasScopes(principal.Scopes, PackageAction.Write, repositoryScoped))
        {
            return AccessDecision.Forbidden(
                ScopeMessages.NeedAtLeast(RequiredScopes(PackageAction.Write, repositoryScoped), "publish a package"), PackageDenial.MissingScope);
        }

        if (repositoryScoped)
        {
            var repositoryRole = facts.RepositoryVisibility is null ? PackageRole.None : RepositoryScopedRole(facts);
            if (repositoryRole >= PackageRole.Read)
            {
                return repositoryRole >= PackageRole.Write
                    ? AccessDecision.Allowed
                    : AccessDecision.Forbidden("You need write access to the repository to publish a package.", PackageDenial.InsufficientRole);
            }

            // No repository, another owner's, one that does not exist and one the caller cannot see are alike, so that
            // the answer does not tell which private repositories exist. A caller who could publish with another link is
            // asked for it; one who can write to no repository of the owner is refused whatever the manifest names, and
            // told nothing about a namespace they cannot see into.
            var best = FromRepository(facts.CallerBestRepositoryPermission);
            if (best >= PackageRole.Write)
            {
                return linkKnown
                    ? AccessDecision.Forbidden(
                        "A package of this type must be linked to a repository of its owner that you can write to.", PackageDenial.RepositoryRequired)
                    : AccessDecision.Allowed;
            }

            return best >= PackageRole.Read
                ? AccessDecision.Forbidden(
                    "You need write access to a repository of the package's owner to publish a package.", PackageDenial.InsufficientRole)
                : AccessDecision.NotFound;
        }

        var mayCreate = facts.OwnerType == AccountType.User ? facts.CallerIsOwner : facts.CallerOrganizationRole is not null;
        return mayCreate
            ? AccessDecision.Allowed
            : AccessDecision.Forbidden("You may only publish packages to your own account or to organizations you belong to.", PackageDenial.InsufficientRole);
    }

    /// <summary>
    /// Whether anonymous callers may read public packages of <paramref name="type"/>: on GitHub only the Container
    /// registry (behaviour §1.5); <see cref="AccessOptions.AnonymousReads"/> opens others.
    /// </summary>
    public bool AllowsAnonymousRead(PackageType type) => _options.AllowsAnonymousRead(type);

    /// <summary>The caller's role on a repository-scoped package: the repository's role, visibility included.</summary>
    internal static PackageRole RepositoryScopedRole(PackageAccessFacts facts)
    {
        var role = FromRepository(facts.CallerRepositoryPermission);
        role = Max(role, VisibilityRole(facts.RepositoryVisibility ?? Visibility.Private, facts.CallerOrganizationRole is not null));
        return role;
    }

    /// <summary>The caller's role on a granular package: ownership, grants, inherited repository roles, visibility.</summary>
    internal static PackageRole GranularRole(PackageAccessFacts facts)
    {
        var role = facts.CallerGrantRole;
        if (facts.CallerIsOwner || facts.CallerOrganizationRole == OrganizationRole.Admin)
        {
            role = PackageRole.Admin;
        }

        if (facts.InheritAccess && facts.RepositoryVisibility is not null)
        {
            role = Max(role, FromRepository(facts.CallerRepositoryPermission));
        }

        return Max(role, VisibilityRole(facts.PackageVisibility, facts.CallerOrganizationRole is not null));
    }

    /// <summary>GitHub's mapping of repository roles onto package roles: triage reads, maintain writes.</summary>
    public static PackageRole FromRepository(RepositoryPermission permission) => permission switch
    {
        RepositoryPermission.Admin => PackageRole.Admin,
        RepositoryPermission.Maintain or RepositoryPermission.Write => PackageRole.Write,
        RepositoryPermission.Triage or RepositoryPermission.Read => PackageRole.Read,
        _ => PackageRole.None,
    };

    public static PackageRole RequiredRole(PackageAction action) => action switch
    {
        PackageAction.Read => PackageRole.Read,
        PackageAction.Write => PackageRole.Write,
        _ => PackageRole.Admin,
    };

    /// <summary>Scopes each action needs (behaviour §2.2 and the OpenAPI text); repository-scoped types add repo.</summary>
    public static IReadOnlyList<string> RequiredScopes(PackageAction action, bool repositoryScoped)
    {
        List<string> scopes = action switch
        {
            PackageAction.Read => [Scope.ReadPackages],
            PackageAction.Write or PackageAction.Admin => [Scope.WritePackages],
            PackageAction.Delete => [Scope.ReadPackages, Scope.DeletePackages],
            PackageAction.Restore => [Scope.ReadPackages, Scope.WritePackages],
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        if (repositoryScoped && action != PackageAction.Read)
        {
            scopes.Add(Scope.Repo);
        }

        return scopes;
    }

    private static bool HasScopes(ScopeSet scopes, PackageAction action, bool repositoryScoped) =>
        RequiredScopes(action, repositoryScoped).All(scopes.Has);

    private static PackageRole VisibilityRole(Visibility visibility, bool isOrganizationMember) => visibility switch
    {
        Visibility.Public => PackageRole.Read,
        Visibility.Internal when isOrganizationMember => PackageRole.Read,
        _ => PackageRole.None,
    };

    private static PackageRole Max(PackageRole a, PackageRole b) => a > b ? a : b;

    private static string RoleWord(PackageRole role) => role switch
    {
        PackageRole.Admin => "admin",
        PackageRole.Write => "write",
        _ => "read",
    };

    private static string ActionPhrase(PackageAction action) => action switch
    {
        PackageAction.Read => "read this package",
        PackageAction.Write => "publish to this package",
        PackageAction.Delete => "delete this package",
        PackageAction.Restore => "restore this package",
        _ => "administer this package",
    };
}
