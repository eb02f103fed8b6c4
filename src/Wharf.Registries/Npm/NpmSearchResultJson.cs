using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>The answer of <c>GET /-/v1/search</c> (npm registry API "search"), which <c>npm search</c> prints.</summary>
public sealed record NpmSearchResultJson(
    [property: JsonPropertyName("objects")] IReadOnlyList<NpmSearchResultJson.Item> Objects,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("time")] string Time)
{
    public sealed record Item(
        [property: JsonPropertyName("package")] PackageInfo Package,
        [property: JsonPropertyName("score")] Score Score,
        [property: JsonPropertyName("searchScore")] double SearchScore);

    public sealed record PackageInfo(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("scope")] string Scope,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("keywords")] IReadOnlyList<string> Keywords,
        [property: JsonPropertyName("date")] string Date,
        [property: JsonPropertyName("links")] IReadOnlyDictionary<string, string> Links,
        [property: JsonPropertyName("publisher")] Person Publisher,
        [property: JsonPropertyName("maintainers")] IReadOnlyList<Person> Maintainers);

    public sealed record Person([property: JsonPropertyName("username")] string Username);

    public sealed record Score(
        [property: JsonPropertyName("final")] double Final,
        [property: JsonPropertyName("detail")] IReadOnlyDictionary<string, double> Detail);
}
