namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>POST /admin/users</c> (GitHub Enterprise "Create a user").</summary>
public sealed record NewUserRequest
{
    public string? Login { get; init; }

    public string? Email { get; init; }

    /// <summary>Creates the user suspended, as GitHub Enterprise allows.</summary>
    public bool? Suspended { get; init; }
}
