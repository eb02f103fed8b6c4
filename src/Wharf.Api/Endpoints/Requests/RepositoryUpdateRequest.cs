using System.Text.Json;

namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>PATCH /repos/{owner}/{repo}</c>: only what is sent changes.</summary>
public sealed record RepositoryUpdateRequest
{
    public string? Name { get; init; }

    /// <summary>Raw, because "description": null (clear it) differs from leaving it out.</summary>
    public JsonElement Description { get; init; }

    public bool? Private { get; init; }

    public string? Visibility { get; init; }
}
