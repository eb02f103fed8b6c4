using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;
using Wharf.Core.Containers;
using Wharf.Core.Tokens;

namespace Wharf.Registries.Containers;

/// <summary>
/// The token endpoint of Distribution token authentication (docker/distribution docs "Token Authentication
/// Specification"): Basic credentials with a personal access token as password, or none at all for pulls of public
/// images. As on ghcr.io, an anonymous request for a private or missing image gets 401: the two look the same.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> IssueAsync(HttpContext context, ContainerTokens tokens)
    {
        var request = ContainerRequest.For(context);
        var authentication = context.Features.Get<AuthenticationResult>();
        if (authentication is { Status: not AuthenticationStatus.Authenticated })
        {
            return request.Challenge(null, push: false);
        }

        var principal = request.Principal;
        if (!principal.IsAuthenticated)
        {
            foreach (var scope in context.Request.Query["scope"])
            {
                if (!await AnonymousMayAsync(request, scope ?? ""))
                {
                    return request.Challenge(null, push: false);
                }
            }
        }

        var token = tokens.Issue(principal);
        var issuedAt = request.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(
            new TokenResponse(token, token, (int)tokens.Lifetime.TotalSeconds, issuedAt), OciJson.Options);
    }

    /// <summary>Anonymous tokens only for pulling public images; everything else needs credentials.</summary>
    private static async Task<bool> AnonymousMayAsync(ContainerRequest request, string scope)
    {
        var parts = scope.Split(':');
        if (parts.Length != 3 || parts[0] != "repository")
        {
            return parts.Length == 3 && parts[0] == "registry" ? false : scope.Length == 0;
        }

        if (parts[2].Split(',').Any(a => a != "pull") || !ImageName.TryParse(parts[1], out var name))
        {
            return false;
        }

        var owner = await request.Accounts.FindAsync(name.Owner, request.Aborted);
        return owner is not null &&
            (await request.Packages.GetAsync(Principal.Anonymous, owner, request.Type, name.Image, PackageAction.Read, request.Aborted)).IsOk;
    }

    private sealed record TokenResponse(
        string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("issued_at")] string IssuedAt);
}
