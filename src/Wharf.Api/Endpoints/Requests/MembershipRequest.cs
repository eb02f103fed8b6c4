namespace Wharf.Api.Endpoints.Requests;

/// <summary>
/// Body of <c>PUT /orgs/{org}/memberships/{username}</c> (<c>admin</c> or <c>member</c>) and of
/// <c>PUT /orgs/{org}/teams/{team_slug}/memberships/{username}</c> (<c>maintainer</c> or <c>member</c>).
/// </summary>
public sealed record MembershipRequest
{
    public string? Role { get; init; }
}
