using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>The answer to a legacy login: npm saves <c>token</c> as the registry's <c>_authToken</c>.</summary>
public sealed record NpmLoginJson(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("token")] string Token);
