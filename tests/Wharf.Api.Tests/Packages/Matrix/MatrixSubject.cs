namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>The kind of package the matrix runs against; each kind runs once public and once private.</summary>
public enum MatrixSubject
{
    /// <summary>npm, repository-scoped: linked to the organization's repository, whose roles and visibility it takes.</summary>
    Npm = 0,

    /// <summary>Container with roles granted on the package itself, linked to no repository.</summary>
    GrantedContainer = 1,

    /// <summary>
    /// Container linked to the repository at first publish, so it inherits the repository's roles (not its
    /// visibility: the repository's visibility is set opposite to the package's to prove it).
    /// </summary>
    InheritingContainer = 2,
}
