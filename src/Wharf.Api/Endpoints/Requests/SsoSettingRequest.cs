namespace Wharf.Api.Endpoints.Requests;

/// <summary>Body of <c>PUT /admin/organizations/{org}/sso</c> (a Wharf addition: GitHub sets this in its web UI).</summary>
public sealed record SsoSettingRequest
{
    public bool? Enforced { get; init; }
}
