using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>
/// What the npm registry keeps of a version in <c>PackageVersion.Metadata</c>: the manifest as published (its
/// <c>deprecated</c> member is the deprecation; <c>dist.tarball</c> is not kept, it is built from the configured URL
/// on every answer), the README, and the tarball's blob.
/// </summary>
public sealed class NpmVersionRecord
{
    [JsonPropertyName("manifest")]
    public required JsonObject Manifest { get; init; }

    [JsonPropertyName("readme")]
    public string? Readme { get; init; }

    [JsonPropertyName("readmeFilename")]
    public string? ReadmeFilename { get; init; }

    [JsonPropertyName("tarball")]
    public required NpmTarballRecord Tarball { get; init; }

    /// <summary>The deprecation message, or null when the version is not deprecated.</summary>
    [JsonIgnore]
    public string? Deprecated =>
        Manifest["deprecated"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>The record of a version published through npm, or null for versions that were not (or are damaged).</summary>
    public static NpmVersionRecord? Parse(string? metadata)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NpmVersionRecord>(metadata, NpmJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, NpmJson.Options);

    /// <summary>A copy with the deprecation set (or cleared by null or an empty message, as <c>npm deprecate pkg ""</c> does).</summary>
    public NpmVersionRecord WithDeprecation(string? message)
    {
        var manifest = (JsonObject)Manifest.DeepClone();
        if (string.IsNullOrEmpty(message))
        {
            manifest.Remove("deprecated");
        }
        else
        {
            manifest["deprecated"] = message;
        }

        return new NpmVersionRecord { Manifest = manifest, Readme = Readme, ReadmeFilename = ReadmeFilename, Tarball = Tarball };
    }
}
