namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>POST /admin/users/{username}/authorizations</c>.</summary>
public sealed record ImpersonationTokenRequest
{
    public IReadOnlyList<string>? Scopes { get; init; }
}
