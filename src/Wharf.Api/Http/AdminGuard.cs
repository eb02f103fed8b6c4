using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;
using Wharf.Core.Tokens;

namespace Wharf.Api.Http;

/// <summary>
/// Site administration (GitHub Enterprise's <c>/admin/...</c>) needs both a site administrator and a token with the
/// <c>site_admin</c> scope: an everyday token of an administrator must not be able to make users or mint their tokens.
/// </summary>
public static class AdminGuard
{
    public const string NotSiteAdmin = "You must be a site administrator with the site_admin scope to do this.";

    private static readonly string[] Scopes = [Scope.SiteAdmin];

    /// <summary>401 without credentials, 403 for anyone but a site administrator calling with <c>site_admin</c>.</summary>
    public static IResult? RequireSiteAdmin(HttpContext context, string documentationUrl)
    {
        context.Response.Headers["X-Accepted-OAuth-Scopes"] = string.Join(", ", Scopes);
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return GitHubError.Result(StatusCodes.Status401Unauthorized, GitHubError.RequiresAuthentication, documentationUrl);
        }

        return IsSiteAdmin(principal) ? null : GitHubError.Result(StatusCodes.Status403Forbidden, NotSiteAdmin, documentationUrl);
    }

    /// <summary>True when the caller may act as a site administrator, e.g. manage an organization it does not own.</summary>
    public static bool IsSiteAdmin(Principal principal) => principal.User is { SiteAdmin: true } && principal.Scopes.Has(Scope.SiteAdmin);
}
