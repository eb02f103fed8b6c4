using Wharf.Core.Packages;

namespace Wharf.Core.Access;

/// <summary>
/// Configuration section <c>Access</c>. The defaults are the model GitHub's REST documentation describes for
/// classic tokens: container is granular, the rest repository-scoped. npm, NuGet and RubyGems may be switched to
/// granular, as github.com runs them today; Maven and Docker are always repository-scoped.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    public PermissionModel Npm { get; set; } = PermissionModel.RepositoryScoped;

    public PermissionModel NuGet { get; set; } = PermissionModel.RepositoryScoped;

    public PermissionModel RubyGems { get; set; } = PermissionModel.RepositoryScoped;

    /// <summary>
    /// The registries whose public packages anonymous callers may read and download: package type names separated by
    /// commas (<c>npm,container</c>), or <c>all</c>. GitHub serves only containers so (behaviour §1.5), the default.
    /// Private and internal packages stay 401/404 whatever this says.
    /// </summary>
    public string AnonymousReads { get; set; } = "container";

    /// <summary>Whether <see cref="AnonymousReads"/> names <paramref name="type"/>.</summary>
    public bool AllowsAnonymousRead(PackageType type)
    {
        foreach (var item in AnonymousReads.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Equals("all", StringComparison.OrdinalIgnoreCase) ||
                (PackageTypeNames.TryParse(item, out var named) && named == type))
            {
                return true;
            }
        }

        return false;
    }

    public PermissionModel ModelOf(PackageType type) => type switch
    {
        PackageType.Container => PermissionModel.Granular,
        PackageType.Npm => Npm,
        PackageType.NuGet => NuGet,
        PackageType.RubyGems => RubyGems,
        _ => PermissionModel.RepositoryScoped,
    };
}
