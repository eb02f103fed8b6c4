namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>How a matrix caller stands to the organization that owns the package.</summary>
public enum CallerRelation
{
    Anonymous = 0,

    /// <summary>A user with no tie to the organization, its repository or the package.</summary>
    Outsider = 1,
    OrganizationOwner = 2,

    /// <summary>A member with no role on the repository and no grant.</summary>
    OrganizationMember = 3,

    /// <summary>The member who published the package first; a write collaborator on the repository so npm let them.</summary>
    Publisher = 4,

    /// <summary>An outside collaborator on the organization's repository.</summary>
    Collaborator = 5,

    /// <summary>A member holding a role granted on the package (granular packages only).</summary>
    Grantee = 6,

    /// <summary>A member whose token is not authorised for the organization, which enforces SAML SSO.</summary>
    SsoUnauthorizedMember = 7,
}
