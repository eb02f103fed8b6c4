using Wharf.Core.Packages;

namespace Wharf.Registries.Npm;

/// <summary>What a packument is built from: the package, its active versions and its tags, as read at one moment.</summary>
/// <param name="RegistryUrl">The registry's external base, without the trailing slash: tarball URLs start here.</param>
public sealed record NpmPackageSnapshot(
    NpmPackageName Name,
    Package Package,
    IReadOnlyList<PackageVersion> Versions,
    IReadOnlyDictionary<string, long> Tags,
    string RegistryUrl);
