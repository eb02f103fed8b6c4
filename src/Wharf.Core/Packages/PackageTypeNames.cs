using System.Diagnostics.CodeAnalysis;

namespace Wharf.Core.Packages;

/// <summary>The lower-case names GitHub uses for package types in paths and payloads.</summary>
public static class PackageTypeNames
{
    private static readonly Dictionary<string, PackageType> ByName = new(StringComparer.Ordinal)
    {
        ["npm"] = PackageType.Npm,
        ["maven"] = PackageType.Maven,
        ["rubygems"] = PackageType.RubyGems,
        ["docker"] = PackageType.Docker,
        ["nuget"] = PackageType.NuGet,
        ["container"] = PackageType.Container,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static string ToName(this PackageType type) => type switch
    {
        PackageType.Npm => "npm",
        PackageType.Maven => "maven",
        PackageType.RubyGems => "rubygems",
        PackageType.Docker => "docker",
        PackageType.NuGet => "nuget",
        PackageType.Container => "container",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out PackageType? type)
    {
        if (name is not null && ByName.TryGetValue(name, out var found))
        {
            type = found;
            return true;
        }

        type = null;
        return false;
    }
}
