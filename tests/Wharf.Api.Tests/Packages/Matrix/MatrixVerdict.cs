namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>What a cell of the matrix comes to: a status, and for 403 which of GitHub's reasons.</summary>
public enum MatrixVerdict
{
    /// <summary>200.</summary>
    Ok = 0,

    /// <summary>204.</summary>
    NoContent = 1,

    /// <summary>401 Requires authentication.</summary>
    Unauthenticated = 2,

    /// <summary>403 "You need at least … scope(s) to …".</summary>
    MissingScope = 3,

    /// <summary>403 with <c>X-GitHub-SSO: required</c> and GitHub's SAML message.</summary>
    SsoRequired = 4,

    /// <summary>403 for a caller who can read the package but lacks the role for the action.</summary>
    MissingRole = 5,

    /// <summary>404 Package not found.</summary>
    NotFound = 6,

    /// <summary>Anything else (a 500, an unexpected 404 text): never expected.</summary>
    Other = 7,
}
