namespace Wharf.Registries.Npm;

/// <summary>Configuration section <c>Npm</c>: the npm registry's limits and cache sizes.</summary>
public sealed class NpmOptions
{
    public const string Section = "Npm";

    /// <summary>The largest tarball a publish may carry (GitHub: 256 MB, behaviour §5.2).</summary>
    public long MaxTarballBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most a publish or metadata document may hold besides the tarball: manifests, README, dist-tags.</summary>
    public long MaxManifestBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long a read decision for one token and one package is reused while the package row is unchanged.</summary>
    public TimeSpan AccessCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory for cached packuments (full and abbreviated); the least recently used go first.</summary>
    public long PackumentCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest publish body: the tarball in base64 plus the rest of the document.</summary>
    public long MaxBodyBytes => checked(((MaxTarballBytes + 2) / 3 * 4) + MaxManifestBytes);
}
