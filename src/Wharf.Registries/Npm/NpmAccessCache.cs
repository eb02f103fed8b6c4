using Microsoft.Extensions.Options;
using Wharf.Registries.Access;

namespace Wharf.Registries.Npm;

/// <summary>npm's read decisions by token and package name, kept for <see cref="NpmOptions.AccessCacheLifetime"/>.</summary>
public sealed class NpmAccessCache(IOptions<NpmOptions> options) : ReadDecisionCache<string>(options.Value.AccessCacheLifetime)
{
    public static string Key(NpmPackageName name) => name.FullName.ToLowerInvariant();
}
