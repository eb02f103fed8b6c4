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

    public PermissionModel ModelOf(PackageType type) => type switch
    {
        PackageType.Container => PermissionModel.Granular,
        PackageType.Npm => Npm,
        PackageType.NuGet => NuGet,
        PackageType.RubyGems => RubyGems,
        _ => PermissionModel.RepositoryScoped,
    };
}
