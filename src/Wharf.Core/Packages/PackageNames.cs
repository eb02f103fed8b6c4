namespace Wharf.Core.Packages;

/// <summary>Package names as keys: GitHub treats package names without regard to case.</summary>
public static class PackageNames
{
    public static string Key(string name) => name.ToLowerInvariant();
}
