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

        return Issued(request, tokens, tokens.Issue(principal));
    }

    /// <summary>
    /// POST /v2/token, the OAuth2 form of the token endpoint (Distribution "OAuth2 Token Authentication"): docker-compatible
    /// clients post <c>grant_type=password</c> with the personal access token as password. Refresh tokens are not issued,
    /// so a <c>refresh_token</c> grant (or any other) is an unsupported grant type (RFC 6749 section 5.2).
    /// </summary>
    public static async Task<IResult> IssueForFormAsync(HttpContext context, ContainerTokens tokens, TokenService accessTokens)
    {
        var request = ContainerRequest.For(context);
        if (!context.Request.HasFormContentType)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request");
        }

        // A form of a few short fields, not package content: the framework's form limits bound it.
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"].ToString() != "password")
        {
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type");
        }

        var password = form["password"].ToString();
        if (string.IsNullOrEmpty(form["username"].ToString()) || password.Length == 0)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request");
        }

        var authentication = await accessTokens.AuthenticateAsync(password, context.RequestAborted);
        if (authentication.Status != AuthenticationStatus.Authenticated)
        {
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_grant");
        }

        return Issued(request, tokens, tokens.Issue(authentication.Principal));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<TokenResponse> Issued(ContainerRequest request, ContainerTokens tokens, string token)
    {
        var issuedAt = request.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(new TokenResponse(token, token, (int)tokens.Lifetime.TotalSeconds, issuedAt), OciJson.Options);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<OAuthErrorResponse> OAuthError(int status, string error) =>
        TypedResults.Json(new OAuthErrorResponse(error), OciJson.Options, statusCode: status);

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

    /// <summary>RFC 6749 section 5.2 error body.</summary>
    private sealed record OAuthErrorResponse([property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error);
}
