using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>The CouchDB user document <c>npm login --auth-type=legacy</c> sends; the password is a token.</summary>
public sealed record NpmLoginRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }
}
