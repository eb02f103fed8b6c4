namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>The operations the permission matrix runs for every caller.</summary>
public enum MatrixOperation
{
    GetPackage = 0,

    /// <summary>List the organization's packages of the type: is the package in the list?</summary>
    ListPackages = 1,
    ListVersions = 2,
    GetVersion = 3,
    DeleteVersion = 4,
    RestoreVersion = 5,
    DeletePackage = 6,
    RestorePackage = 7,
}
