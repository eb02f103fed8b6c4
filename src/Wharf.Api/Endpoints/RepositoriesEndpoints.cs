using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Endpoints.Requests;
using Wharf.Api.Http;
using Wharf.Api.Models;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Endpoints;

/// <summary>
/// GitHub's repositories API as far as packages need repositories (REST "repos" and "collaborators"): create, get,
/// update, delete, and collaborators. A repository the caller cannot read is 404, whatever the operation; one it can
/// read but not administer is GitHub's 403 "Must have admin rights to Repository.".
/// </summary>
public static class RepositoriesEndpoints
{
    private const string ReposDocs = "https://docs.github.com/rest/repos/repos";
    private const string CollaboratorsDocs = "https://docs.github.com/rest/collaborators/collaborators";
    private const string MustBeAdmin = "Must have admin rights to Repository.";
    private const string CreationFailed = "Repository creation failed.";
    private const string InvalidName = "name is invalid: use letters, digits, '.', '-' and '_'";
    private const string DeleteRepo = "delete_repo";

    /// <summary>public_repo suffices for public repositories; repo implies it.</summary>
    private static readonly string[] WriteScopes = ["public_repo", Scope.Repo];

    /// <summary>GitHub wants delete_repo; Wharf also takes repo, which tokens made for packages usually carry.</summary>
    private static readonly string[] DeleteScopes = [DeleteRepo, Scope.Repo];

    public static void MapRepositories(this IEndpointRouteBuilder api)
    {
        // Typed as a Func: a lambda of HttpContext alone would bind as a RequestDelegate and drop the result.
        api.MapPost("/user/repos", (Func<HttpContext, Task<IResult>>)(c => CreateAsync(c, null)));
        api.MapPost("/orgs/{org}/repos", (HttpContext c, string org) => CreateAsync(c, org));

        const string repository = "/repos/{owner}/{repo}";
        api.MapGet(repository, (HttpContext c, string owner, string repo) => GetAsync(c, owner, repo));
        api.MapPatch(repository, (HttpContext c, string owner, string repo) => UpdateAsync(c, owner, repo));
        api.MapDelete(repository, (HttpContext c, string owner, string repo) => DeleteAsync(c, owner, repo));

        const string collaborator = repository + "/collaborators/{username}";
        api.MapPut(collaborator, (HttpContext c, string owner, string repo, string username) => SetCollaboratorAsync(c, owner, repo, username));
        api.MapDelete(collaborator, (HttpContext c, string owner, string repo, string username) => RemoveCollaboratorAsync(c, owner, repo, username));
    }

    /// <summary>POST /user/repos (<paramref name="organizationLogin"/> null) and POST /orgs/{org}/repos.</summary>
    private static async Task<IResult> CreateAsync(HttpContext context, string? organizationLogin)
    {
        var docs = ReposDocs + (organizationLogin is null ? "#create-a-repository-for-the-authenticated-user" : "#create-an-organization-repository");
        if (AcceptedScopes.RequireOneOf(context, WriteScopes, "create a repository", docs) is { } denied)
        {
            return denied;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<NewRepositoryRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        if (string.IsNullOrEmpty(body.Name))
        {
            return ValidationFailure.Result("Repository", "name", ValidationFailure.MissingField, null, docs, CreationFailed);
        }

        if (!RepositoryNameRules.IsValid(body.Name))
        {
            return ValidationFailure.Result("Repository", "name", ValidationFailure.Invalid, InvalidName, docs, CreationFailed);
        }

        if (!TryParseVisibility(body.Visibility, body.Private, Visibility.Public, out var visibility))
        {
            return InvalidVisibility(docs, CreationFailed);
        }

        var principal = context.Principal();
        if (visibility != Visibility.Public && !principal.Scopes.Has(Scope.Repo))
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, ScopeMessages.NeedAtLeast([Scope.Repo], "create a private repository"), docs);
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var owner = principal.User!;
        if (organizationLogin is not null)
        {
            var organization = await accounts.FindAsync(organizationLogin, context.RequestAborted);
            if (organization is not { IsOrganization: true })
            {
                return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
            }

            if (await RestGuard.SsoAsync(context, organization, accounts) is { } sso)
            {
                return sso;
            }

            if (!AdminGuard.IsSiteAdmin(principal) && await accounts.FindMembershipAsync(organization, owner, context.RequestAborted) is null)
            {
                return GitHubError.Result(StatusCodes.Status403Forbidden,
                    "You need admin access to the organization before adding a repository to it.", docs);
            }

            owner = organization;
        }

        if (visibility == Visibility.Internal && !owner.IsOrganization)
        {
            return ValidationFailure.Result("Repository", "visibility", ValidationFailure.Invalid,
                "Only organization repositories can be internal", docs, CreationFailed);
        }

        var repositories = context.RequestServices.GetRequiredService<RepositoryService>();
        var created = await repositories.CreateAsync(owner, body.Name, visibility, body.Description, context.RequestAborted);
        if (!created.IsOk)
        {
            // The unique index decided: GitHub's exact text, which Octokit turns into RepositoryExistsException.
            return ValidationFailure.Result("Repository", "name", ValidationFailure.Custom, created.Message, docs, CreationFailed);
        }

        // As on GitHub, whoever creates an organization repository administers it, owner of the organization or not.
        if (owner.IsOrganization &&
            await repositories.PermissionOfAsync(principal, created.Value!, owner, context.RequestAborted) < RepositoryPermission.Admin)
        {
            await repositories.SetCollaboratorAsync(created.Value!, principal.User!, RepositoryPermission.Admin, context.RequestAborted);
        }

        var urls = Urls(context);
        context.Response.Headers.Location = urls.Repository(owner, created.Value!);
        return Results.Json(Full(owner, created.Value!, RepositoryPermission.Admin, principal, urls), GitHubJson.Options,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string ownerLogin, string name)
    {
        const string docs = ReposDocs + "#get-a-repository";
        context.Response.Headers["X-Accepted-OAuth-Scopes"] = Scope.Repo;
        var found = await FindReadableAsync(context, ownerLogin, name, docs);
        if (found.Error is not null)
        {
            return found.Error;
        }

        return Results.Json(Full(found.Owner!, found.Repository!, found.Permission, context.Principal(), Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string ownerLogin, string name)
    {
        const string docs = ReposDocs + "#update-a-repository";
        if (AcceptedScopes.RequireOneOf(context, WriteScopes, "update a repository", docs) is { } denied)
        {
            return denied;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<RepositoryUpdateRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        var found = await FindAdministeredAsync(context, ownerLogin, name, docs);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var (owner, repository) = (found.Owner!, found.Repository!);
        if (body.Name is not null && !RepositoryNameRules.IsValid(body.Name))
        {
            return ValidationFailure.Result("Repository", "name", ValidationFailure.Invalid, InvalidName, docs);
        }

        if (!TryParseVisibility(body.Visibility, body.Private, repository.Visibility, out var visibility))
        {
            return InvalidVisibility(docs, ValidationFailure.ValidationFailed);
        }

        if (visibility == Visibility.Internal && !owner.IsOrganization)
        {
            return ValidationFailure.Result("Repository", "visibility", ValidationFailure.Invalid, "Only organization repositories can be internal", docs);
        }

        if (visibility != Visibility.Public && !context.Principal().Scopes.Has(Scope.Repo))
        {
            return GitHubError.Result(StatusCodes.Status403Forbidden, ScopeMessages.NeedAtLeast([Scope.Repo], "update a private repository"), docs);
        }

        if (body.Description.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
        {
            return ValidationFailure.Result("Repository", "description", ValidationFailure.Invalid, "description must be a string", docs);
        }

        var descriptionGiven = body.Description.ValueKind != JsonValueKind.Undefined;
        var description = body.Description.ValueKind == JsonValueKind.String ? body.Description.GetString() : null;
        var updated = await context.RequestServices.GetRequiredService<RepositoryService>().UpdateAsync(
            repository, body.Name, visibility, description, descriptionGiven, owner, context.RequestAborted);
        if (!updated.IsOk)
        {
            return ValidationFailure.Result("Repository", "name", ValidationFailure.Custom, updated.Message, docs);
        }

        return Results.Json(Full(owner, updated.Value!, found.Permission, context.Principal(), Urls(context)), GitHubJson.Options);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string ownerLogin, string name)
    {
        const string docs = ReposDocs + "#delete-a-repository";
        if (AcceptedScopes.RequireOneOf(context, DeleteScopes, "delete a repository", docs) is { } denied)
        {
            return denied;
        }

        var found = await FindAdministeredAsync(context, ownerLogin, name, docs);
        if (found.Error is not null)
        {
            return found.Error;
        }

        await context.RequestServices.GetRequiredService<RepositoryService>().DeleteAsync(found.Repository!, context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>Adds the collaborator at once with the permission (GitHub would send an invitation to accept first).</summary>
    private static async Task<IResult> SetCollaboratorAsync(HttpContext context, string ownerLogin, string name, string username)
    {
        const string docs = CollaboratorsDocs + "#add-a-repository-collaborator";
        if (AcceptedScopes.RequireOneOf(context, WriteScopes, "add a repository collaborator", docs) is { } denied)
        {
            return denied;
        }

        var (body, bodyError) = await RequestBody.ReadAsync<PermissionRequest>(context, docs);
        if (body is null)
        {
            return bodyError!;
        }

        if (RepositoryService.ParsePermission(body.Permission ?? "push") is not { } permission)
        {
            return ValidationFailure.Result("Collaborator", "permission", ValidationFailure.Invalid,
                "permission must be one of: pull, triage, push, maintain, admin", docs);
        }

        var found = await FindAdministeredAsync(context, ownerLogin, name, docs);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var user = await FindUserAsync(context, username);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        if (user.Id == found.Owner!.Id)
        {
            return GitHubError.Validation("Repository owner cannot be a collaborator", docs);
        }

        await context.RequestServices.GetRequiredService<RepositoryService>().SetCollaboratorAsync(found.Repository!, user, permission, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveCollaboratorAsync(HttpContext context, string ownerLogin, string name, string username)
    {
        const string docs = CollaboratorsDocs + "#remove-a-repository-collaborator";
        if (AcceptedScopes.RequireOneOf(context, WriteScopes, "remove a repository collaborator", docs) is { } denied)
        {
            return denied;
        }

        var found = await FindAdministeredAsync(context, ownerLogin, name, docs);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var user = await FindUserAsync(context, username);
        if (user is null)
        {
            return GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs);
        }

        // Like GitHub, 204 whether or not the user was a collaborator: the end state is the same.
        await context.RequestServices.GetRequiredService<RepositoryService>().RemoveCollaboratorAsync(found.Repository!, user, context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>
    /// The repository with the caller's permission, or 404 when the caller cannot read it. A private repository is
    /// readable only with the <c>repo</c> scope: a token made for packages alone must not reveal private repositories.
    /// </summary>
    private static async Task<FoundRepository> FindReadableAsync(HttpContext context, string ownerLogin, string name, string docs)
    {
        var notFound = new FoundRepository(null, null, RepositoryPermission.None, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs));
        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var owner = await accounts.FindAsync(ownerLogin, context.RequestAborted);
        if (owner is null)
        {
            return notFound;
        }

        var repositories = context.RequestServices.GetRequiredService<RepositoryService>();
        var repository = await repositories.FindAsync(owner, name, context.RequestAborted);
        if (repository is null)
        {
            return notFound;
        }

        var principal = context.Principal();
        var permission = await repositories.PermissionOfAsync(principal, repository, owner, context.RequestAborted);
        if (permission == RepositoryPermission.None || (repository.IsPrivate && !principal.Scopes.Has(Scope.Repo)))
        {
            return notFound;
        }

        // SAML enforcement guards the organization's private repositories; public ones stay readable.
        if (repository.IsPrivate && await RestGuard.SsoAsync(context, owner, accounts) is { } sso)
        {
            return notFound with { Error = sso };
        }

        return new FoundRepository(owner, repository, permission, null);
    }

    /// <summary>As <see cref="FindReadableAsync"/>, then GitHub's 403 unless the caller administers the repository.</summary>
    private static async Task<FoundRepository> FindAdministeredAsync(HttpContext context, string ownerLogin, string name, string docs)
    {
        var found = await FindReadableAsync(context, ownerLogin, name, docs);
        if (found.Error is null && found.Repository!.Visibility == Visibility.Public)
        {
            // Public repositories skip the SSO check when read; changing one still needs an authorised token.
            var accounts = context.RequestServices.GetRequiredService<AccountService>();
            if (await RestGuard.SsoAsync(context, found.Owner!, accounts) is { } sso)
            {
                return found with { Error = sso };
            }
        }

        return found.Error is null && found.Permission < RepositoryPermission.Admin
            ? found with { Error = GitHubError.Result(StatusCodes.Status403Forbidden, MustBeAdmin, docs) }
            : found;
    }

    /// <summary><paramref name="visibility"/> wins over <paramref name="isPrivate"/>; neither keeps <paramref name="current"/>.</summary>
    private static bool TryParseVisibility(string? visibility, bool? isPrivate, Visibility current, out Visibility result)
    {
        result = visibility switch
        {
            null => isPrivate switch
            {
                true => Visibility.Private,
                false => Visibility.Public,
                null => current,
            },
            "public" => Visibility.Public,
            "private" => Visibility.Private,
            "internal" => Visibility.Internal,
            _ => (Visibility)(-1),
        };
        return Enum.IsDefined(result);
    }

    private static IResult InvalidVisibility(string docs, string summary) =>
        ValidationFailure.Result("Repository", "visibility", ValidationFailure.Invalid, "visibility must be one of: public, private, internal", docs, summary);

    /// <summary>GitHub's full repository; "organization" for organization repositories, "permissions" only for a signed-in caller.</summary>
    private static JsonObject Full(Account owner, Repository repository, RepositoryPermission permission, Principal principal, WharfUrls urls)
    {
        var json = RepositoryJson.Full(owner, repository, permission, urls);
        if (owner.IsOrganization)
        {
            json["organization"] = JsonSerializer.SerializeToNode(SimpleUser.From(owner, urls), GitHubJson.Options);
        }

        if (!principal.IsAuthenticated)
        {
            json.Remove("permissions");
        }

        return json;
    }

    private static async Task<Account?> FindUserAsync(HttpContext context, string login) =>
        await context.RequestServices.GetRequiredService<AccountService>().FindAsync(login, context.RequestAborted) is { IsOrganization: false } user
            ? user
            : null;

    private static WharfUrls Urls(HttpContext context) => context.RequestServices.GetRequiredService<WharfUrls>();

    private sealed record FoundRepository(Account? Owner, Repository? Repository, RepositoryPermission Permission, IResult? Error);
}
