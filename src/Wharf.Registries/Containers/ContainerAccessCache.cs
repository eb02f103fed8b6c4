using Microsoft.Extensions.Options;
using Wharf.Core.Containers;
using Wharf.Core.Packages;
using Wharf.Registries.Access;

namespace Wharf.Registries.Containers;

/// <summary>
/// Manifest GETs' read decisions by token, package type and image, kept for
/// <see cref="ContainerOptions.AccessCacheLifetime"/>. Tags and digests are never cached.
/// </summary>
public sealed class ContainerAccessCache(IOptions<ContainerOptions> options)
    : ReadDecisionCache<(PackageType Type, string Image)>(options.Value.AccessCacheLifetime)
{
    public static (PackageType Type, string Image) Key(PackageType type, ImageName name) => (type, name.Full.ToLowerInvariant());
}
