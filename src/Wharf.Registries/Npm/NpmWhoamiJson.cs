using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>The answer to <c>GET /-/whoami</c>, which <c>npm whoami</c> prints.</summary>
public sealed record NpmWhoamiJson([property: JsonPropertyName("username")] string Username);
