using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>One row of the permission matrix: who calls, with which token scopes, holding which roles.</summary>
public sealed record MatrixCaller(
    string Name,
    CallerRelation Relation,
    IReadOnlyList<string> Scopes,
    RepositoryPermission Collaboration = RepositoryPermission.None,
    PackageRole Grant = PackageRole.None)
{
    private const string Read = Scope.ReadPackages;
    private const string Write = Scope.WritePackages;
    private const string Delete = Scope.DeletePackages;
    private const string Repo = Scope.Repo;
    private static readonly string[] Full = [Read, Write, Delete, Repo];

    /// <summary>
    /// The rows. The organization owner (admin of everything) holds one token per scope combination, so that only
    /// the scopes decide those rows; every other caller has all four scopes, so that only their role decides.
    /// </summary>
    public static IReadOnlyList<MatrixCaller> All { get; } =
    [
        new("anonymous", CallerRelation.Anonymous, []),
        new("owner: delete (no read)", CallerRelation.OrganizationOwner, [Delete]),
        new("owner: delete repo (no read)", CallerRelation.OrganizationOwner, [Delete, Repo]),
        new("owner: read", CallerRelation.OrganizationOwner, [Read]),
        new("owner: read repo", CallerRelation.OrganizationOwner, [Read, Repo]),
        new("owner: read write", CallerRelation.OrganizationOwner, [Read, Write]),
        new("owner: read write repo", CallerRelation.OrganizationOwner, [Read, Write, Repo]),
        new("owner: read delete", CallerRelation.OrganizationOwner, [Read, Delete]),
        new("owner: read delete repo", CallerRelation.OrganizationOwner, [Read, Delete, Repo]),
        new("owner: all", CallerRelation.OrganizationOwner, Full),
        new("outsider", CallerRelation.Outsider, Full),
        new("org member", CallerRelation.OrganizationMember, Full),
        new("publisher (member)", CallerRelation.Publisher, Full, RepositoryPermission.Write),
        new("collaborator read", CallerRelation.Collaborator, Full, RepositoryPermission.Read),
        new("collaborator write", CallerRelation.Collaborator, Full, RepositoryPermission.Write),
        new("collaborator admin", CallerRelation.Collaborator, Full, RepositoryPermission.Admin),
        new("grant read", CallerRelation.Grantee, Full, Grant: PackageRole.Read),
        new("grant write", CallerRelation.Grantee, Full, Grant: PackageRole.Write),
        new("grant admin", CallerRelation.Grantee, Full, Grant: PackageRole.Admin),
        new("SSO-unauthorised member", CallerRelation.SsoUnauthorizedMember, Full),
    ];

    /// <summary>The caller is a member of the organization (owners included).</summary>
    public bool IsMember => Relation is CallerRelation.OrganizationOwner or CallerRelation.OrganizationMember or CallerRelation.Publisher
        or CallerRelation.Grantee or CallerRelation.SsoUnauthorizedMember;

    /// <summary>Whether the token holds <paramref name="scope"/>; write:packages implies read:packages, nothing else implies anything here.</summary>
    public bool Has(string scope) => Scopes.Contains(scope) || (scope == Read && Scopes.Contains(Write));

    /// <summary>Roles can be granted on granular packages only, and grants are refused while a package inherits.</summary>
    public bool AppliesTo(MatrixSubject subject) => Relation != CallerRelation.Grantee || subject == MatrixSubject.GrantedContainer;

    public override string ToString() => Name;
}
