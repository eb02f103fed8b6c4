namespace Wharf.Api.Endpoints.Requests;

/// <summary>Optional body of <c>PUT /users/{username}/suspended</c>.</summary>
public sealed record SuspensionRequest
{
    /// <summary>Accepted for compatibility; Wharf keeps no suspension log.</summary>
    public string? Reason { get; init; }
}
