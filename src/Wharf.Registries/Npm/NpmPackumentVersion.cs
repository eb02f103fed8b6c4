namespace Wharf.Registries.Npm;

/// <summary>One version as the download and dist-tag routes need it, without parsing the packument again.</summary>
public sealed record NpmPackumentVersion(long VersionId, string Version, NpmTarballRecord Tarball, DateTime Created, string? Deprecated);
