using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Outcomes;
using Wharf.Core.Urls;

namespace Wharf.Api.Http;

/// <summary>
/// The checks every REST operation makes in GitHub's order: credentials (401), token scopes (403), the owner's
/// existence (404), SSO (403 with <c>X-GitHub-SSO</c>). Returns null when the call may go on.
/// </summary>
public static class RestGuard
{
    public static IResult? RequireScopes(HttpContext context, IReadOnlyList<string> scopes, string toWhat, string documentationUrl)
    {
        context.Response.Headers["X-Accepted-OAuth-Scopes"] = string.Join(", ", scopes.Order(StringComparer.Ordinal));
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return GitHubError.Result(StatusCodes.Status401Unauthorized, GitHubError.RequiresAuthentication, documentationUrl);
        }

        var missing = scopes.Where(s => !principal.Scopes.Has(s)).ToArray();
        return missing.Length == 0
            ? null
            : GitHubError.Result(StatusCodes.Status403Forbidden, ScopeMessages.NeedAtLeast(scopes, toWhat), documentationUrl);
    }

    /// <summary>Finds the namespace a route addresses; a login of the wrong kind is as unknown as a missing one.</summary>
    public static async Task<(Account? Owner, IResult? Error)> ResolveOwnerAsync(
        HttpContext context, OwnerRoute route, string? login, AccountService accounts, string documentationUrl)
    {
        var principal = context.Principal();
        if (route == OwnerRoute.AuthenticatedUser)
        {
            return (principal.User, principal.User is null
                ? GitHubError.Result(StatusCodes.Status401Unauthorized, GitHubError.RequiresAuthentication, documentationUrl)
                : null);
        }

        var owner = login is null ? null : await accounts.FindAsync(login, context.RequestAborted);
        if (owner is null || (route == OwnerRoute.Organization && !owner.IsOrganization))
        {
            return (null, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, documentationUrl));
        }

        // An owner whose SSO blocks the caller comes back null with the error, so no caller can use it by mistake.
        var sso = await SsoAsync(context, owner, accounts);
        return (sso is null ? owner : null, sso);
    }

    /// <summary>GitHub's SAML answer for a member's token that has not been authorised for the organization.</summary>
    public static async Task<IResult?> SsoAsync(HttpContext context, Account owner, AccountService accounts)
    {
        var principal = context.Principal();
        if (!owner.IsOrganization || !owner.SsoEnforced || principal.User is null)
        {
            return null;
        }

        var member = await accounts.FindMembershipAsync(owner, principal.User, context.RequestAborted) is not null;
        return SsoPolicy.Blocks(principal, owner, member) ? SsoRequired(context, owner) : null;
    }

    public static IResult SsoRequired(HttpContext context, Account organization)
    {
        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        var request = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        context.Response.Headers["X-GitHub-SSO"] = $"required; url={urls.Base}/orgs/{organization.Login}/sso?authorization_request={request}";
        return GitHubError.Result(StatusCodes.Status403Forbidden, SsoPolicy.Message, SsoPolicy.DocumentationUrl);
    }

    /// <summary>Turns a core failure into GitHub's answer.</summary>
    public static IResult Failure<T>(HttpContext context, Outcome<T> outcome, Account owner, string documentationUrl) => outcome.Status switch
    {
        _ when outcome.Denial == PackageDenial.SsoRequired => SsoRequired(context, owner),
        OutcomeStatus.Unauthenticated => GitHubError.Result(StatusCodes.Status401Unauthorized, GitHubError.RequiresAuthentication, documentationUrl),
        OutcomeStatus.NotFound => GitHubError.Result(StatusCodes.Status404NotFound, outcome.Message ?? GitHubError.NotFound, documentationUrl),
        OutcomeStatus.Forbidden => GitHubError.Result(StatusCodes.Status403Forbidden, outcome.Message ?? "Forbidden", documentationUrl),
        OutcomeStatus.Invalid => GitHubError.Result(StatusCodes.Status400BadRequest, outcome.Message ?? "Invalid request.", documentationUrl),
        OutcomeStatus.Conflict => GitHubError.Result(StatusCodes.Status409Conflict, outcome.Message ?? "Conflict", documentationUrl),
        _ => throw new InvalidOperationException("Not a failure."),
    };
}
