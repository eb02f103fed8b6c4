using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>npm's error body; the CLI prints <c>error</c> after the status line.</summary>
public sealed record NpmErrorJson([property: JsonPropertyName("error")] string Error);
