namespace Wharf.Core.Packages;

/// <summary>Roles on a package, ordered so that a higher role includes the lower ones.</summary>
public enum PackageRole
{
    None = 0,
    Read = 1,
    Write = 2,
    Admin = 3,
}
