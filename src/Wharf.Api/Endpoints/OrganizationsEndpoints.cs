using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Endpoints.Requests;
using Wharf.Api.Http;
using Wharf.Api.Models;
using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Endpoints;

/// <summary>
/// GitHub's organizations API as far as administration needs it: the organization, memberships
/// (REST "orgs/members"), teams and their members and repositories (REST "teams"). Writes need an owner of the
/// organization (or a site administrator) and <c>admin:org</c> (or <c>write:org</c>); reads need <c>read:org</c>.
/// Wharf adds people at once where GitHub would send an invitation.
/// </summary>
public static class OrganizationsEndpoints
{
    private const string OrgsDocs = "https://docs.github.com/rest/orgs/orgs#get-an-organization";
    private const string MembersDocs = "https://docs.github.com/rest/orgs/members";
    private const string TeamsDocs = "https://docs.github.com/rest/teams/teams";
    private const string TeamMembersDocs = "https://docs.github.com/rest/teams/members";
    private const string LastOwner = "An organization must keep at least one owner: make another member an owner first.";

    /// <summary>The least scope first: admin:org implies write:org, which implies read:org.</summary>
    private static readonly string[] WriteScopes = ["write:org", Scope.AdminOrg];
    private static readonly string[] ReadScopes = ["read:org", "write:org", Scope.AdminOrg];

    public static void MapOrganizations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orgs/{org}", (HttpContext c, string org) => GetAsync(c, org));

        const string membership = "/orgs/{org}/memberships/{username}";
        api.MapGet(membership, (HttpContext c, string org, string username) => GetMembershipAsync(c, org, username));
        api.MapPut(membership, (HttpContext c, string org, string username) => SetMembershipAsync(c, org, username));
        api.MapDelete(membership, (HttpContext c, string org, string username) => RemoveMembershipAsync(c, org, username));

        api.MapPost("/orgs/{org}/teams", (HttpContext c, string org) => CreateTeamAsync(c, org));
        api.MapGet("/orgs/{org}/teams/{team_slug}", (HttpContext c, string org, string team_slug) => GetTeamAsync(c, org, team_slug));

        const string teamMembership = "/orgs/{org}/teams/{team_slug}/memberships/{username}";
        api.MapPut(teamMembership, (HttpContext c, string org, string team_slug, string username) =>
            SetTeamMembershipAsync(c, org, team_slug, username));
        api.MapDelete(teamMembership, (HttpContext c, string org, string team_slug, string username) =>
            RemoveTeamMembershipAsync(c, org, team_slug, username));

        const string teamRepository = "/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}";
        api.MapPut(teamRepository, (HttpContext c, string org, string team_slug, string owner, string repo) =>
            SetTeamRepositoryAsync(c, org, team_slug, owner, repo));
        api.MapDelete(teamRepository, (HttpContext c, string org, string team_slug, string owner, string repo) =>
            RemoveTeamRepositoryAsync(c, org, team_slug, owner, repo));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string login)
    {
        AcceptedScopes.NoneRequired(context);
        var organization = await context.RequestServices.GetRequiredService<AccountService>().FindAsync(login, context.RequestAborted);
        if (organization is not { IsOrganization: true })
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, OrgsDocs);
        }

        var publicRepos = await context.RequestServices.GetRequiredService<RepositoryService>().CountPublicAsync(organization, context.RequestAborted);
        return Results.Json(OrganizationJson.Full(organization, publicRepos, Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> GetMembershipAsync(HttpContext context, string login, string username)
    {
        const string docs = MembersDocs + "#get-organization-membership-for-a-user";
        if (AcceptedScopes.RequireOneOf(context, ReadScopes, "read organization memberships", docs) is { } denied)
        {
            return denied;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var (organization, error) = await FindOrganizationAsync(context, accounts, login, docs);
        if (organization is null)
        {
            return error!;
        }

        // As on GitHub, members may read the organization's memberships; to anyone else they do not exist.
        var principal = context.Principal();
        var caller = principal.User!;
        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null ||
            (user.Id != caller.Id && !AdminGuard.IsSiteAdmin(principal) && await accounts.FindMembershipAsync(organization, caller, context.RequestAborted) is null))
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var membership = await accounts.FindMembershipAsync(organization, user, context.RequestAborted);
        return membership is null
            ? GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs)
            : Results.Json(OrganizationMembershipJson.From(organization, user, membership, Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> SetMembershipAsync(HttpContext context, string login, string username)
    {
        const string docs = MembersDocs + "#set-organization-membership-for-a-user";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "set organization memberships", docs);
        if (organization is null)
        {
            return error!;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<MembershipRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        OrganizationRole role;
        switch (body.Role ?? "member")
        {
            case "member":
                role = OrganizationRole.Member;
                break;
            case "admin":
                role = OrganizationRole.Admin;
                break;
            default:
                return ValidationFailure.Result("Membership", "role", ValidationFailure.Invalid, "role must be one of: admin, member", docs);
        }

        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var existing = await accounts.FindMembershipAsync(organization, user, context.RequestAborted);
        if (role == OrganizationRole.Member && existing?.Role == OrganizationRole.Admin &&
            await accounts.CountOwnersAsync(organization, context.RequestAborted) <= 1)
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, LastOwner, docs);
        }

        var membership = await accounts.SetMembershipAsync(organization, user, role, context.RequestAborted);
        return Results.Json(OrganizationMembershipJson.From(organization, user, membership, Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> RemoveMembershipAsync(HttpContext context, string login, string username)
    {
        const string docs = MembersDocs + "#remove-organization-membership-for-a-user";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "remove organization members", docs);
        if (organization is null)
        {
            return error!;
        }

        var user = await FindUserAsync(accounts, username, context.RequestAborted);
        var existing = user is null ? null : await accounts.FindMembershipAsync(organization, user, context.RequestAborted);
        if (existing is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        // An organization without owners could only be repaired by a site administrator.
        if (existing.Role == OrganizationRole.Admin && await accounts.CountOwnersAsync(organization, context.RequestAborted) <= 1)
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, LastOwner, docs);
        }

        await accounts.RemoveMembershipAsync(organization, user!, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateTeamAsync(HttpContext context, string login)
    {
        const string docs = TeamsDocs + "#create-a-team";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "create teams", docs);
        if (organization is null)
        {
            return error!;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<NewTeamRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return ValidationFailure.Result("Team", "name", ValidationFailure.MissingField, null, docs);
        }

        if (body.Privacy is not (null or "secret" or "closed"))
        {
            return ValidationFailure.Result("Team", "privacy", ValidationFailure.Invalid, "privacy must be one of: secret, closed", docs);
        }

        // Everything named must exist before the team does, so a bad name leaves no half-made team behind.
        var maintainers = new List<Account>();
        foreach (var maintainerLogin in body.Maintainers ?? [])
        {
            if (await FindUserAsync(accounts, maintainerLogin, context.RequestAborted) is not { } maintainer)
            {
                return ValidationFailure.Result("Team", "maintainers", ValidationFailure.Invalid, $"'{maintainerLogin}' is not a user.", docs);
            }

            maintainers.Add(maintainer);
        }

        var repositories = context.RequestServices.GetRequiredService<RepositoryService>();
        var granted = new List<Repository>();
        foreach (var fullName in body.RepoNames ?? [])
        {
            var parts = fullName.Split('/');
            var repository = parts.Length == 2 && string.Equals(parts[0], organization.Login, StringComparison.OrdinalIgnoreCase)
                ? await repositories.FindAsync(organization, parts[1], context.RequestAborted)
                : null;
            if (repository is null)
            {
                return ValidationFailure.Result("Team", "repo_names", ValidationFailure.Invalid,
                    $"'{fullName}' is not a repository of {organization.Login}.", docs);
            }

            granted.Add(repository);
        }

        var created = await accounts.CreateTeamAsync(organization, body.Name, body.Description, body.Privacy, context.RequestAborted);
        if (!created.IsOk)
        {
            return ValidationFailure.Result("Team", "name", ValidationFailure.Custom, created.Message, docs);
        }

        // GitHub makes the member who creates a team its maintainer; a site administrator from outside stays outside.
        var team = created.Value!;
        var caller = context.Principal().User!;
        if (await accounts.FindMembershipAsync(organization, caller, context.RequestAborted) is not null && maintainers.All(m => m.Id != caller.Id))
        {
            maintainers.Add(caller);
        }

        foreach (var maintainer in maintainers)
        {
            await accounts.SetTeamMembershipAsync(organization, team, maintainer, "maintainer", context.RequestAborted);
        }

        foreach (var repository in granted)
        {
            await repositories.SetTeamGrantAsync(team, repository, RepositoryPermission.Read, context.RequestAborted);
        }

        var urls = Urls(context);
        var json = TeamJson.From(team, organization, urls);
        json["members_count"] = maintainers.DistinctBy(m => m.Id).Count();
        json["repos_count"] = granted.DistinctBy(r => r.Id).Count();
        json["organization"] = await FullOrganizationAsync(context, organization);
        context.Response.Headers.Location = TeamJson.Url(team, organization, urls);
        return Results.Json(json, GitHubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetTeamAsync(HttpContext context, string login, string slug)
    {
        const string docs = TeamsDocs + "#get-a-team-by-name";
        if (AcceptedScopes.RequireOneOf(context, ReadScopes, "read teams", docs) is { } denied)
        {
            return denied;
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var (organization, error) = await FindOrganizationAsync(context, accounts, login, docs);
        if (organization is null)
        {
            return error!;
        }

        var principal = context.Principal();
        var visible = AdminGuard.IsSiteAdmin(principal) || await accounts.FindMembershipAsync(organization, principal.User!, context.RequestAborted) is not null;
        var team = visible ? await accounts.FindTeamAsync(organization, slug, context.RequestAborted) : null;
        if (team is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var json = TeamJson.From(team, organization, Urls(context));
        json["organization"] = await FullOrganizationAsync(context, organization);
        return Results.Json(json, GitHubJson.Options);
    }

    private static async Task<IResult> SetTeamMembershipAsync(HttpContext context, string login, string slug, string username)
    {
        const string docs = TeamMembersDocs + "#add-or-update-team-membership-for-a-user";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "manage team members", docs);
        if (organization is null)
        {
            return error!;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<MembershipRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        var role = body.Role ?? "member";
        if (role is not ("member" or "maintainer"))
        {
            return ValidationFailure.Result("TeamMember", "role", ValidationFailure.Invalid, "role must be one of: member, maintainer", docs);
        }

        var team = await accounts.FindTeamAsync(organization, slug, context.RequestAborted);
        var user = team is null ? null : await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        var membership = await accounts.SetTeamMembershipAsync(organization, team!, user, role, context.RequestAborted);
        return Results.Json(TeamMembershipJson.From(team!, organization, user, membership, Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> RemoveTeamMembershipAsync(HttpContext context, string login, string slug, string username)
    {
        const string docs = TeamMembersDocs + "#remove-team-membership-for-a-user";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "manage team members", docs);
        if (organization is null)
        {
            return error!;
        }

        var team = await accounts.FindTeamAsync(organization, slug, context.RequestAborted);
        var user = team is null ? null : await FindUserAsync(accounts, username, context.RequestAborted);
        if (user is null || !await accounts.RemoveTeamMembershipAsync(team!, user, context.RequestAborted))
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> SetTeamRepositoryAsync(HttpContext context, string login, string slug, string ownerLogin, string name)
    {
        const string docs = TeamsDocs + "#add-or-update-team-repository-permissions";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "manage team repositories", docs);
        if (organization is null)
        {
            return error!;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<PermissionRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        if (RepositoryService.ParsePermission(body.Permission ?? "push") is not { } permission)
        {
            return ValidationFailure.Result("TeamRepository", "permission", ValidationFailure.Invalid,
                "permission must be one of: pull, triage, push, maintain, admin", docs);
        }

        var (team, repository, notFound) = await FindTeamRepositoryAsync(context, accounts, organization, slug, ownerLogin, name, docs);
        if (repository is null)
        {
            return notFound!;
        }

        await context.RequestServices.GetRequiredService<RepositoryService>().SetTeamGrantAsync(team!, repository, permission, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveTeamRepositoryAsync(HttpContext context, string login, string slug, string ownerLogin, string name)
    {
        const string docs = TeamsDocs + "#remove-a-repository-from-a-team";
        var (organization, accounts, error) = await RequireOwnerAsync(context, login, "manage team repositories", docs);
        if (organization is null)
        {
            return error!;
        }

        var (team, repository, notFound) = await FindTeamRepositoryAsync(context, accounts, organization, slug, ownerLogin, name, docs);
        if (repository is null)
        {
            return notFound!;
        }

        await context.RequestServices.GetRequiredService<RepositoryService>().RemoveTeamGrantAsync(team!, repository, context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>
    /// The checks of every write, in GitHub's order: credentials and scope, the organization, SSO, then the caller's
    /// role (an owner, or a site administrator calling with <c>site_admin</c>).
    /// </summary>
    private static async Task<(Account? Organization, AccountService Accounts, IResult? Error)> RequireOwnerAsync(
        HttpContext context, string login, string toWhat, string docs)
    {
        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        if (AcceptedScopes.RequireOneOf(context, WriteScopes, toWhat, docs) is { } denied)
        {
            return (null, accounts, denied);
        }

        var (organization, error) = await FindOrganizationAsync(context, accounts, login, docs);
        if (organization is null)
        {
            return (null, accounts, error);
        }

        var principal = context.Principal();
        if (AdminGuard.IsSiteAdmin(principal))
        {
            return (organization, accounts, null);
        }

        var membership = await accounts.FindMembershipAsync(organization, principal.User!, context.RequestAborted);
        return membership?.Role == OrganizationRole.Admin
            ? (organization, accounts, null)
            : (null, accounts, GitHubError.Result(StatusCodes.Status403Forbidden, $"You must be an owner of {organization.Login} to {toWhat}.", docs));
    }

    /// <summary>The organization (404 for unknown logins and users) and GitHub's SAML answer for unauthorised member tokens.</summary>
    private static async Task<(Account? Organization, IResult? Error)> FindOrganizationAsync(
        HttpContext context, AccountService accounts, string login, string docs)
    {
        var organization = await accounts.FindAsync(login, context.RequestAborted);
        if (organization is not { IsOrganization: true })
        {
            return (null, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs));
        }

        return await RestGuard.SsoAsync(context, organization, accounts) is { } sso ? (null, sso) : (organization, null);
    }

    /// <summary>The team and a repository of the same organization; GitHub grants teams only their organization's repositories.</summary>
    private static async Task<(Team? Team, Repository? Repository, IResult? Error)> FindTeamRepositoryAsync(
        HttpContext context, AccountService accounts, Account organization, string slug, string ownerLogin, string name, string docs)
    {
        var notFound = GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        var team = await accounts.FindTeamAsync(organization, slug, context.RequestAborted);
        var owner = team is null ? null : await accounts.FindAsync(ownerLogin, context.RequestAborted);
        if (owner is null)
        {
            return (null, null, notFound);
        }

        var repository = await context.RequestServices.GetRequiredService<RepositoryService>().FindAsync(owner, name, context.RequestAborted);
        if (repository is null)
        {
            return (null, null, notFound);
        }

        return repository.OwnerId == organization.Id
            ? (team, repository, null)
            : (null, null, GitHubError.Validation("The repository must belong to the team's organization.", docs));
    }

    private static async Task<Account?> FindUserAsync(AccountService accounts, string login, CancellationToken cancellationToken) =>
        await accounts.FindAsync(login, cancellationToken) is { IsOrganization: false } user ? user : null;

    private static async Task<JsonObject> FullOrganizationAsync(HttpContext context, Account organization)
    {
        var publicRepos = await context.RequestServices.GetRequiredService<RepositoryService>().CountPublicAsync(organization, context.RequestAborted);
        return OrganizationJson.Full(organization, publicRepos, Urls(context));
    }

    private static WharfUrls Urls(HttpContext context) => context.RequestServices.GetRequiredService<WharfUrls>();
}
