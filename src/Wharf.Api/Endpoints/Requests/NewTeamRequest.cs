namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>POST /orgs/{org}/teams</c>.</summary>
public sealed record NewTeamRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary><c>secret</c> or <c>closed</c> (the default).</summary>
    public string? Privacy { get; init; }

    /// <summary>Logins that join the team as maintainers.</summary>
    public IReadOnlyList<string>? Maintainers { get; init; }

    /// <summary>Full names (<c>org/repo</c>) of the organization's repositories the team gets pull access to.</summary>
    public IReadOnlyList<string>? RepoNames { get; init; }
}
