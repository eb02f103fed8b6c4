namespace Wharf.Api.Endpoints.Requests;

/// <summary>
/// Body of <c>PUT /repos/{owner}/{repo}/collaborators/{username}</c> and
/// <c>PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}</c>: pull, triage, push (the default), maintain or admin.
/// </summary>
public sealed record PermissionRequest
{
    public string? Permission { get; init; }
}
