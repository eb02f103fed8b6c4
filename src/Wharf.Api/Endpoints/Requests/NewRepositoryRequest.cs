namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>POST /user/repos</c> and <c>POST /orgs/{org}/repos</c>.</summary>
public sealed record NewRepositoryRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public bool? Private { get; init; }

    /// <summary><c>public</c>, <c>private</c> or <c>internal</c>; wins over <see cref="Private"/> when both are sent.</summary>
    public string? Visibility { get; init; }
}
