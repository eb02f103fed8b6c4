using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>What a publish needs from inside the tarball: its package.json and, when there is one, its README.</summary>
public sealed record NpmTarballContents(JsonObject PackageJson, string? Readme, string? ReadmeFilename);
