namespace Wharf.Core.Packages;

/// <summary>The six registries of GitHub Packages. Gradle packages are <see cref="Maven"/>.</summary>
public enum PackageType
{
    Npm = 0,
    Maven = 1,
    RubyGems = 2,
    Docker = 3,
    NuGet = 4,
    Container = 5,
}
