using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>
/// The abbreviated packument npm asks for when installing (<c>Accept: application/vnd.npm.install-v1+json</c>): only
/// what dependency resolution needs, see <see cref="NpmPackumentBuilder.AbbreviatedFields"/>.
/// </summary>
public sealed record NpmAbbreviatedPackumentJson
{
    public const string MediaType = "application/vnd.npm.install-v1+json";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("modified")]
    public required string Modified { get; init; }

    [JsonPropertyName("dist-tags")]
    public required IReadOnlyDictionary<string, string> DistTags { get; init; }

    [JsonPropertyName("versions")]
    public required IReadOnlyDictionary<string, JsonObject> Versions { get; init; }
}
