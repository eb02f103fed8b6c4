using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>Where a version's tarball is: its file name, its blob (SHA-256) and its size.</summary>
public sealed record NpmTarballRecord(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size);
