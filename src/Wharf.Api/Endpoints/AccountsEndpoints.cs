using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Http;
using Wharf.Api.Models;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Endpoints;

/// <summary>
/// GitHub's users API (<c>GET /user</c>, <c>GET /users/{username}</c>) and Wharf's token SSO authorisation
/// (<c>/user/sso-authorizations/{org}</c>), which GitHub does with the "Authorize" button on its token page.
/// </summary>
public static class AccountsEndpoints
{
    private const string UsersDocs = "https://docs.github.com/rest/users/users";
    private static readonly string[] NoScopes = [];

    public static void MapAccounts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/user", (Func<HttpContext, Task<IResult>>)GetAuthenticatedUserAsync);
        api.MapGet("/users/{username}", (HttpContext c, string username) => GetUserAsync(c, username));
        api.MapPut("/user/sso-authorizations/{org}", (HttpContext c, string org) => AuthorizeSsoAsync(c, org));
        api.MapDelete("/user/sso-authorizations/{org}", (HttpContext c, string org) => RevokeSsoAsync(c, org));
    }

    private static async Task<IResult> GetAuthenticatedUserAsync(HttpContext context)
    {
        const string docs = UsersDocs + "#get-the-authenticated-user";
        if (RestGuard.RequireScopes(context, NoScopes, "get the authenticated user", docs) is { } denied)
        {
            return denied;
        }

        var user = context.Principal().User!;
        var publicRepos = await context.RequestServices.GetRequiredService<RepositoryService>().CountPublicAsync(user, context.RequestAborted);
        return Results.Json(UserJson.Private(user, publicRepos, context.RequestServices.GetRequiredService<WharfUrls>()), GitHubJson.Options);
    }

    private static async Task<IResult> GetUserAsync(HttpContext context, string username)
    {
        const string docs = UsersDocs + "#get-a-user";
        AcceptedScopes.NoneRequired(context);
        var account = await context.RequestServices.GetRequiredService<AccountService>().FindAsync(username, context.RequestAborted);
        if (account is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var publicRepos = await context.RequestServices.GetRequiredService<RepositoryService>().CountPublicAsync(account, context.RequestAborted);
        var viewerIsSiteAdmin = context.Principal().User is { SiteAdmin: true };
        return Results.Json(
            UserJson.Public(account, publicRepos, viewerIsSiteAdmin, context.RequestServices.GetRequiredService<WharfUrls>()), GitHubJson.Options);
    }

    /// <summary>Authorises the calling token for an organization that enforces SAML SSO; only its members may.</summary>
    private static async Task<IResult> AuthorizeSsoAsync(HttpContext context, string login)
    {
        const string docs = SsoPolicy.DocumentationUrl;
        if (RestGuard.RequireScopes(context, NoScopes, "authorize a token for an organization", docs) is { } denied)
        {
            return denied;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var organization = await accounts.FindAsync(login, context.RequestAborted);
        if (organization is not { IsOrganization: true })
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var principal = context.Principal();
        if (await accounts.FindMembershipAsync(organization, principal.User!, context.RequestAborted) is null)
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden,
                $"You must be a member of {organization.Login} to authorize a token for it.", docs);
        }

        await context.RequestServices.GetRequiredService<TokenService>().AuthorizeSsoAsync(principal.TokenId!.Value, organization.Id, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeSsoAsync(HttpContext context, string login)
    {
        const string docs = SsoPolicy.DocumentationUrl;
        if (RestGuard.RequireScopes(context, NoScopes, "revoke a token's authorization for an organization", docs) is { } denied)
        {
            return denied;
        }

        var organization = await context.RequestServices.GetRequiredService<AccountService>().FindAsync(login, context.RequestAborted);
        if (organization is not { IsOrganization: true })
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        await context.RequestServices.GetRequiredService<TokenService>()
            .RevokeSsoAsync(context.Principal().TokenId!.Value, organization.Id, context.RequestAborted);
        return Results.NoContent();
    }
}
