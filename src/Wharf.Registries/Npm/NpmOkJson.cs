using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>CouchDB's acknowledgement of a write, which npm expects (and mostly ignores).</summary>
public sealed record NpmOkJson
{
    [JsonPropertyName("ok")]
    public bool Ok { get; init; } = true;

    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
