using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Endpoints.Requests;
using Wharf.Api.Http;
using Wharf.Api.Models;
using Wharf.Core.Accounts;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Endpoints;

/// <summary>
/// GitHub Enterprise Server's site administration (REST "enterprise-admin": users, organizations, impersonation
/// tokens, suspension), as Octokit's <c>User.Administration</c> and <c>Enterprise.Organization</c> call it, plus
/// Wharf's SSO switch, which GitHub keeps in its web UI. Every call needs a site administrator with <c>site_admin</c>.
/// </summary>
public static class AdministrationEndpoints
{
    private const string UsersDocs = "https://docs.github.com/enterprise-server/rest/enterprise-admin/users";
    private const string OrganizationsDocs = "https://docs.github.com/enterprise-server/rest/enterprise-admin/orgs#create-an-organization";
    private const string SsoDocs = "https://docs.github.com/enterprise-server/admin/managing-iam/using-saml-for-enterprise-iam";
    private const string InvalidLogin =
        "Login may only contain alphanumeric characters or single hyphens, and cannot begin or end with a hyphen.";

    /// <summary>Scopes an impersonation token may carry: those Wharf knows, and GitHub's delete_repo.</summary>
    private static readonly HashSet<string> TokenScopes = new([.. Scope.Known, "delete_repo"], StringComparer.Ordinal);

    public static void MapAdministration(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/users", (Func<HttpContext, Task<IResult>>)CreateUserAsync);
        api.MapDelete("/admin/users/{username}", (HttpContext c, string username) => DeleteUserAsync(c, username));
        api.MapPut("/users/{username}/suspended", (HttpContext c, string username) => SuspendAsync(c, username, suspend: true));
        api.MapDelete("/users/{username}/suspended", (HttpContext c, string username) => SuspendAsync(c, username, suspend: false));
        api.MapPost("/admin/users/{username}/authorizations", (HttpContext c, string username) => CreateImpersonationTokenAsync(c, username));
        api.MapDelete("/admin/users/{username}/authorizations", (HttpContext c, string username) => DeleteImpersonationTokensAsync(c, username));
        api.MapPost("/admin/organizations", (Func<HttpContext, Task<IResult>>)CreateOrganizationAsync);
        api.MapPut("/admin/organizations/{org}/sso", (HttpContext c, string org) => SetSsoAsync(c, org));
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context)
    {
        const string docs = UsersDocs + "#create-a-user";
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadAsync<NewUserRequest>(context, docs);
        if (body is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(body.Login))
        {
            return ValidationFailure.Result("User", "login", ValidationFailure.MissingField, null, docs);
        }

        if (!LoginRules.IsValidLogin(body.Login))
        {
            return ValidationFailure.Result("User", "login", ValidationFailure.Invalid, InvalidLogin, docs);
        }

        if (body.Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal)))
        {
            return ValidationFailure.Result("User", "email", ValidationFailure.Invalid, "email is invalid", docs);
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var created = await accounts.CreateUserAsync(body.Login, body.Email, siteAdmin: false, context.RequestAborted);
        if (!created.IsOk)
        {
            return ValidationFailure.Result("User", "login", ValidationFailure.AlreadyExists, created.Message, docs);
        }

        var user = created.Value!;
        if (body.Suspended == true)
        {
            await accounts.SetSuspendedAsync(user, suspended: true, context.RequestAborted);
        }

        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        context.Response.Headers.Location = urls.User(user);
        return Results.Json(UserJson.Public(user, 0, viewerIsSiteAdmin: true, urls), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteUserAsync(HttpContext context, string username)
    {
        const string docs = UsersDocs + "#delete-a-user";
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        // An administrator deleting their own account could leave the instance with nobody to administer it.
        if (user.Id == context.Principal().UserId)
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, "You cannot delete your own account.", docs);
        }

        await accounts.DeleteAsync(user, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> SuspendAsync(HttpContext context, string username, bool suspend)
    {
        var docs = UsersDocs + (suspend ? "#suspend-a-user" : "#unsuspend-a-user");
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadAsync<SuspensionRequest>(context, docs);
        if (body is null)
        {
            return error!;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        // GitHub: "You can suspend any user account except your own" — it would lock the caller out at once.
        if (suspend && user.Id == context.Principal().UserId)
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, "You cannot suspend yourself.", docs);
        }

        await accounts.SetSuspendedAsync(user, suspend, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateImpersonationTokenAsync(HttpContext context, string username)
    {
        const string docs = UsersDocs + "#create-an-impersonation-oauth-token";
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadAsync<ImpersonationTokenRequest>(context, docs);
        if (body is null)
        {
            return error!;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        if (body.Scopes is not { Count: > 0 } scopes)
        {
            return ValidationFailure.Result("OauthAccess", "scopes", ValidationFailure.MissingField, null, docs);
        }

        if (scopes.FirstOrDefault(s => !TokenScopes.Contains(s)) is { } unknown)
        {
            return ValidationFailure.Result("OauthAccess", "scopes", ValidationFailure.Invalid, $"'{unknown}' is not a valid scope.", docs);
        }

        // Always a new token: only a hash is kept, so an existing token's secret cannot be answered again.
        var tokens = context.RequestServices.GetRequiredService<TokenService>();
        var (token, secret) = await tokens.CreateAsync(user.Id, new ScopeSet(scopes), "impersonation token", TokenKind.Impersonation, null, context.RequestAborted);
        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        return Results.Json(AuthorizationJson.ForImpersonation(token, secret, urls), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteImpersonationTokensAsync(HttpContext context, string username)
    {
        const string docs = UsersDocs + "#delete-an-impersonation-oauth-token";
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        await context.RequestServices.GetRequiredService<TokenService>().RevokeAllAsync(user.Id, TokenKind.Impersonation, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateOrganizationAsync(HttpContext context)
    {
        const string docs = OrganizationsDocs;
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadAsync<NewOrganizationRequest>(context, docs);
        if (body is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(body.Login))
        {
            return ValidationFailure.Result("Organization", "login", ValidationFailure.MissingField, null, docs);
        }

        if (!LoginRules.IsValidLogin(body.Login))
        {
            return ValidationFailure.Result("Organization", "login", ValidationFailure.Invalid, InvalidLogin, docs);
        }

        if (string.IsNullOrEmpty(body.Admin))
        {
            return ValidationFailure.Result("Organization", "admin", ValidationFailure.MissingField, null, docs);
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        if (await FindUserAsync(accounts, body.Admin, context.RequestAborted) is null)
        {
            return ValidationFailure.Result("Organization", "admin", ValidationFailure.Invalid, $"The admin user '{body.Admin}' does not exist.", docs);
        }

        var created = await accounts.CreateOrganizationAsync(body.Login, body.Admin, body.ProfileName, context.RequestAborted);
        if (!created.IsOk)
        {
            return ValidationFailure.Result("Organization", "login", ValidationFailure.AlreadyExists, created.Message, docs);
        }

        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        context.Response.Headers.Location = urls.Organization(created.Value!);
        return Results.Json(OrganizationJson.Full(created.Value!, 0, urls), GitHubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> SetSsoAsync(HttpContext context, string login)
    {
        const string docs = SsoDocs;
        if (AdminGuard.RequireSiteAdmin(context, docs) is { } denied)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadAsync<SsoSettingRequest>(context, docs);
        if (body is null)
        {
            return error!;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var organization = await accounts.FindAsync(login, context.RequestAborted);
        if (organization is not { IsOrganization: true })
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        if (body.Enforced is not { } enforced)
        {
            return ValidationFailure.Result("Organization", "enforced", ValidationFailure.MissingField, null, docs);
        }

        await accounts.SetSsoEnforcedAsync(organization, enforced, context.RequestAborted);
        return Results.Json(new SsoSettingJson(organization.Login, enforced), GitHubJson.Options);
    }

    /// <summary>Users only: the administration routes address people, and an organization's login is as unknown here.</summary>
    private static async Task<Account?> FindUserAsync(AccountService accounts, string login, CancellationToken cancellationToken) =>
        await accounts.FindAsync(login, cancellationToken) is { IsOrganization: false } user ? user : null;
}
