namespace Wharf.Registries.Npm;

/// <summary>
/// A package's answers, serialized once per change and served as bytes until the package changes again: the full and
/// the abbreviated packument with their ETags, and the versions and dist-tags the other routes look up.
/// </summary>
public sealed class NpmPackument
{
    public required long PackageId { get; init; }

    public required NpmPackageName Name { get; init; }

    /// <summary>The registry base its tarball URLs start with: one packument per form the package is asked in.</summary>
    public required string RegistryUrl { get; init; }

    public required byte[] Full { get; init; }

    public required string FullETag { get; init; }

    public required byte[] Abbreviated { get; init; }

    public required string AbbreviatedETag { get; init; }

    /// <summary>Versions by their semver string, oldest (lowest precedence) first.</summary>
    public required IReadOnlyDictionary<string, NpmPackumentVersion> Versions { get; init; }

    public required IReadOnlyDictionary<string, string> DistTags { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public required DateTime Modified { get; init; }

    /// <summary>Memory the entry holds, roughly, for the cache's budget.</summary>
    public long Size => Full.Length + Abbreviated.Length + (512L * (Versions.Count + 1));

    public NpmPackumentVersion? Latest =>
        DistTags.TryGetValue("latest", out var latest) && Versions.TryGetValue(latest, out var version) ? version : null;
}
