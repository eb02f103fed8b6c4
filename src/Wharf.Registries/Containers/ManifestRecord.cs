using System.Text.Json;

namespace Wharf.Registries.Containers;

/// <summary>
/// The registry's metadata of a version (its manifest), kept as the version's metadata JSON. The referrers API finds
/// versions by the exact text <c>"subject":"sha256:…"</c> in it, so it is always written compactly.
/// </summary>
public sealed record ManifestRecord(
    string MediaType,
    long Size,
    string? ArtifactType = null,
    string? Subject = null,
    IReadOnlyDictionary<string, string>? Annotations = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, OciJson.Options);

    public static ManifestRecord? FromJson(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ManifestRecord>(json, OciJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
