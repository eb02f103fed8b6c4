using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>
/// The full packument (npm registry API, "GET /{package}"): every version's manifest, dist-tags, times, and the
/// README and other package-level fields of the latest version, as <c>npm view</c> shows them.
/// </summary>
public sealed record NpmPackumentJson
{
    [JsonPropertyName("_id")]
    public required string Id { get; init; }

    /// <summary>CouchDB's revision: npm sends it back in <c>/-rev/</c> URLs when it unpublishes.</summary>
    [JsonPropertyName("_rev")]
    public required string Rev { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("dist-tags")]
    public required IReadOnlyDictionary<string, string> DistTags { get; init; }

    [JsonPropertyName("versions")]
    public required IReadOnlyDictionary<string, JsonObject> Versions { get; init; }

    [JsonPropertyName("time")]
    public required IReadOnlyDictionary<string, string> Time { get; init; }

    [JsonPropertyName("maintainers")]
    public IReadOnlyList<JsonObject> Maintainers { get; init; } = [];

    [JsonPropertyName("readme")]
    public string? Readme { get; init; }

    [JsonPropertyName("readmeFilename")]
    public string? ReadmeFilename { get; init; }

    [JsonPropertyName("homepage")]
    public JsonNode? Homepage { get; init; }

    [JsonPropertyName("keywords")]
    public JsonNode? Keywords { get; init; }

    [JsonPropertyName("repository")]
    public JsonNode? Repository { get; init; }

    [JsonPropertyName("bugs")]
    public JsonNode? Bugs { get; init; }

    [JsonPropertyName("author")]
    public JsonNode? Author { get; init; }

    [JsonPropertyName("license")]
    public JsonNode? License { get; init; }
}
