using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>
/// The expected answer of every matrix cell, written from GitHub's rules (behaviour §1, §2, §3, §4, §6) and not from
/// the server's policy code, so that the two can disagree. Checks in GitHub's order: credentials, the operation's
/// scopes, SSO, whether the caller can read the package at all, then the scopes and role the action needs.
/// </summary>
public static class PackagePermissionRules
{
    public static MatrixOutcome Expect(MatrixCaller caller, MatrixSubject subject, Visibility visibility, MatrixOperation operation)
    {
        // The REST packages API serves no one without a token, public packages included (§1.5, §6).
        if (caller.Relation == CallerRelation.Anonymous)
        {
            return new(MatrixVerdict.Unauthenticated);
        }

        // Each operation's own scopes (OpenAPI, §2.2) come before anything about the package, so they reveal nothing.
        if (!OperationScopes(operation).All(caller.Has))
        {
            return new(MatrixVerdict.MissingScope);
        }

        // A member's token not authorised for an organization enforcing SAML SSO gets 403 on every call into it (§3).
        if (caller.Relation == CallerRelation.SsoUnauthorizedMember)
        {
            return new(MatrixVerdict.SsoRequired);
        }

        var repositoryScoped = subject == MatrixSubject.Npm;
        var role = RoleOf(caller, subject, visibility);

        // Without repo a token cannot see into private repositories, so their packages do not exist for it (§2.2).
        var readable = role >= PackageRole.Read && !(repositoryScoped && visibility != Visibility.Public && !caller.Has(Scope.Repo));
        if (operation == MatrixOperation.ListPackages)
        {
            // Lists silently leave out what the caller cannot read (§6.1).
            return new(MatrixVerdict.Ok, Listed: readable);
        }

        // Can't read: the package does not exist for the caller (§6).
        if (!readable)
        {
            return new(MatrixVerdict.NotFound);
        }

        if (operation is MatrixOperation.GetPackage or MatrixOperation.ListVersions or MatrixOperation.GetVersion)
        {
            return new(MatrixVerdict.Ok);
        }

        // Repository-scoped packages need repo for everything but reading (§2.2, §2.4).
        if (repositoryScoped && !caller.Has(Scope.Repo))
        {
            return new(MatrixVerdict.MissingScope);
        }

        // Delete and restore need admin: on the package (granular) or on the repository (repository-scoped) (§4.1).
        return role == PackageRole.Admin ? new(MatrixVerdict.NoContent) : new(MatrixVerdict.MissingRole);
    }

    /// <summary>The caller's role on the package, from organization ownership, publishing, the repository, grants and visibility.</summary>
    public static PackageRole RoleOf(MatrixCaller caller, MatrixSubject subject, Visibility visibility)
    {
        var role = PackageRole.None;

        // Organization owners administer every repository and every package of the organization (§1.1, §1.3).
        if (caller.Relation == CallerRelation.OrganizationOwner)
        {
            role = PackageRole.Admin;
        }

        // Repository-scoped packages take the repository's role; granular ones inherit it when linked at first
        // publish (§1.2, §1.3): read→read, write→write, admin→admin.
        if (subject is MatrixSubject.Npm or MatrixSubject.InheritingContainer)
        {
            role = Max(role, caller.Collaboration switch
            {
                RepositoryPermission.Admin => PackageRole.Admin,
                RepositoryPermission.Write or RepositoryPermission.Maintain => PackageRole.Write,
                RepositoryPermission.Read or RepositoryPermission.Triage => PackageRole.Read,
                _ => PackageRole.None,
            });
        }

        // The first publisher of a granular package becomes its admin (§1.1).
        if (subject != MatrixSubject.Npm && caller.Relation == CallerRelation.Publisher)
        {
            role = PackageRole.Admin;
        }

        // Roles granted on the package itself (§1.1).
        if (subject == MatrixSubject.GrantedContainer)
        {
            role = Max(role, caller.Grant);
        }

        // Everyone with a token can read a public package; membership alone gives nothing on a private one (§1.6).
        return visibility == Visibility.Public ? Max(role, PackageRole.Read) : role;
    }

    /// <summary>The scopes the OpenAPI names for each operation (§2.2): reads, deletes, restores.</summary>
    private static string[] OperationScopes(MatrixOperation operation) => operation switch
    {
        MatrixOperation.DeleteVersion or MatrixOperation.DeletePackage => [Scope.ReadPackages, Scope.DeletePackages],
        MatrixOperation.RestoreVersion or MatrixOperation.RestorePackage => [Scope.ReadPackages, Scope.WritePackages],
        _ => [Scope.ReadPackages],
    };

    private static PackageRole Max(PackageRole a, PackageRole b) => a > b ? a : b;
}
