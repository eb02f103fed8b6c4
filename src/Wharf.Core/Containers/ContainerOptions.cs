namespace Wharf.Core.Containers;

/// <summary>Configuration section <c>Containers</c>.</summary>
public sealed class ContainerOptions
{
    public const string Section = "Containers";

    /// <summary>
    /// Manifest DELETE by package admins (soft delete, like the REST API). ghcr.io answers 405; false behaves like it.
    /// </summary>
    public bool AllowManifestDelete { get; set; } = true;

    /// <summary>How long a bearer token from the token endpoint lives.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An upload session untouched for this long is expired and reclaimed by <c>wharf gc</c>.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A chunk renews its claim on the upload session every third of this while it streams; a claim not renewed for
    /// this long (its node stopped mid-chunk) is taken over by the next chunk.
    /// </summary>
    public TimeSpan UploadClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Blobs younger than this are never collected: their manifest may not be pushed yet.</summary>
    public TimeSpan GcGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The host name of the legacy Docker registry (package type <c>docker</c>, like docker.pkg.github.com). Unset:
    /// any host whose name starts with <c>docker.</c>.
    /// </summary>
    public string? DockerHost { get; set; }

    /// <summary>A listener port (one of the server's <c>Urls</c>) that serves the legacy Docker registry.</summary>
    public int? DockerPort { get; set; }

    /// <summary>
    /// How long a manifest GET's read decision for one token and one image is reused while the package row is
    /// unchanged; zero turns the cache off.
    /// </summary>
    public TimeSpan AccessCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest blob (layer) the Container registry takes: 10 GB, as ghcr.io.</summary>
    public long MaxLayerBytes { get; set; } = 10_000_000_000;

    /// <summary>The largest blob the legacy Docker registry takes: 5 GB, as docker.pkg.github.com.</summary>
    public long MaxDockerLayerBytes { get; set; } = 5_000_000_000;

    /// <summary>The largest manifest accepted (the spec suggests at least 4 MiB).</summary>
    public long MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most descriptors (layers, config, an index's manifests) one manifest may name: each becomes a package file
    /// row, and an image has tens (overlay file systems stack at most 128 layers).
    /// </summary>
    public int MaxManifestDescriptors { get; set; } = 1000;
}
