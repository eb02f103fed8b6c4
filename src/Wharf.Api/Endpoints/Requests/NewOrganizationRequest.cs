namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>POST /admin/organizations</c> (GitHub Enterprise "Create an organization").</summary>
public sealed record NewOrganizationRequest
{
    public string? Login { get; init; }

    /// <summary>The login of the user who becomes the organization's first owner.</summary>
    public string? Admin { get; init; }

    public string? ProfileName { get; init; }
}
