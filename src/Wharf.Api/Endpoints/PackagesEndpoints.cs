using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Http;
using Wharf.Api.Models;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Endpoints;

/// <summary>
/// GitHub's 27 REST operations for packages (OpenAPI tag "packages"), under <c>/user</c>, <c>/users/{username}</c>
/// and <c>/orgs/{org}</c>. Each handler checks in GitHub's order (see <see cref="RestGuard"/>) and leaves every
/// access and deletion rule to <see cref="PackageService"/>.
/// </summary>
public static class PackagesEndpoints
{
    private static readonly string[] ReadScopes = [Scope.ReadPackages];
    private static readonly string[] DeleteScopes = [Scope.ReadPackages, Scope.DeletePackages];
    private static readonly string[] RestoreScopes = [Scope.ReadPackages, Scope.WritePackages];

    public static void MapPackages(this IEndpointRouteBuilder api)
    {
        Map(api, "/user", OwnerRoute.AuthenticatedUser);
        Map(api, "/users/{owner}", OwnerRoute.User);
        Map(api, "/orgs/{owner}", OwnerRoute.Organization);
    }

    private static void Map(IEndpointRouteBuilder api, string prefix, OwnerRoute route)
    {
        api.MapGet(prefix + "/packages", (HttpContext c, string? owner) => ListAsync(c, route, owner));
        api.MapGet(prefix + "/docker/conflicts", (HttpContext c, string? owner) => ConflictsAsync(c, route, owner));
        var package = prefix + "/packages/{package_type}/{package_name}";
        api.MapGet(package, (HttpContext c, string? owner, string package_type, string package_name) =>
            GetAsync(c, route, owner, package_type, package_name));
        api.MapDelete(package, (HttpContext c, string? owner, string package_type, string package_name) =>
            DeleteAsync(c, route, owner, package_type, package_name));
        api.MapPost(package + "/restore", (HttpContext c, string? owner, string package_type, string package_name) =>
            RestoreAsync(c, route, owner, package_type, package_name));
        api.MapGet(package + "/versions", (HttpContext c, string? owner, string package_type, string package_name) =>
            ListVersionsAsync(c, route, owner, package_type, package_name));
        api.MapGet(package + "/versions/{package_version_id}", (HttpContext c, string? owner, string package_type, string package_name, string package_version_id) =>
            GetVersionAsync(c, route, owner, package_type, package_name, package_version_id));
        api.MapDelete(package + "/versions/{package_version_id}", (HttpContext c, string? owner, string package_type, string package_name, string package_version_id) =>
            DeleteVersionAsync(c, route, owner, package_type, package_name, package_version_id));
        api.MapPost(package + "/versions/{package_version_id}/restore", (HttpContext c, string? owner, string package_type, string package_name, string package_version_id) =>
            RestoreVersionAsync(c, route, owner, package_type, package_name, package_version_id));
    }

    private static async Task<IResult> ListAsync(HttpContext context, OwnerRoute route, string? login)
    {
        var docs = PackageOperations.ListPackages(route);
        if (RestGuard.RequireScopes(context, ReadScopes, "list packages", docs) is { } denied)
        {
            return denied;
        }

        var query = context.Request.Query;
        if (!PackageTypeNames.TryParse(query["package_type"], out var type))
        {
            return GitHubError.Validation(query["package_type"].Count == 0
                ? "Invalid request.\n\n\"package_type\" wasn't supplied."
                : $"Invalid request.\n\n\"{query["package_type"]}\" is not a valid package_type; use one of {string.Join(", ", PackageTypeNames.All)}.", docs);
        }

        Visibility? visibility = null;
        if (query["visibility"].Count > 0)
        {
            if (!Enum.TryParse<Visibility>(query["visibility"], ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) ||
                int.TryParse(query["visibility"], out _))
            {
                return GitHubError.Validation($"Invalid request.\n\n\"{query["visibility"]}\" is not a valid visibility; use public, private or internal.", docs);
            }

            visibility = parsed;
        }

        var pagination = Pagination.From(context.Request);
        if (pagination.ExceedsListLimit)
        {
            return GitHubError.Result(StatusCodes.Status400BadRequest, Pagination.BeyondListLimitMessage, docs);
        }

        var (owner, error) = await ResolveAsync(context, route, login, docs);
        if (error is not null)
        {
            return error;
        }

        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var result = await packages.ListAsync(context.Principal(), owner!, type.Value, visibility, pagination.Page, pagination.PerPage, context.RequestAborted);
        if (!result.IsOk)
        {
            return RestGuard.Failure(context, result, owner!, docs);
        }

        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        var model = context.RequestServices.GetRequiredService<AccessPolicy>().ModelOf(type.Value);
        pagination.WriteLink(context, urls, result.Value!.Total);
        return Results.Json(PackageJson.FromMany(result.Value.Items, urls, model), GitHubJson.Options);
    }

    private static async Task<IResult> ConflictsAsync(HttpContext context, OwnerRoute route, string? login)
    {
        var docs = PackageOperations.DockerConflicts(route);
        if (RestGuard.RequireScopes(context, ReadScopes, "list packages", docs) is { } denied)
        {
            return denied;
        }

        var (owner, error) = await ResolveAsync(context, route, login, docs);
        if (error is not null)
        {
            return error;
        }

        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        var model = context.RequestServices.GetRequiredService<AccessPolicy>().ModelOf(PackageType.Docker);
        var conflicts = await packages.ListMigrationConflictsAsync(context.Principal(), owner!, context.RequestAborted);
        return Results.Json(PackageJson.FromMany(conflicts, urls, model), GitHubJson.Options);
    }

    private static Task<IResult> GetAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        var docs = PackageOperations.GetPackage(route);
        return OnPackageAsync(context, route, login, typeName, docs, ReadScopes, "get a package", async (packages, owner, type) =>
        {
            var result = await packages.GetAsync(context.Principal(), owner, type, NameOf(rawName), PackageAction.Read, context.RequestAborted);
            return result.IsOk
                ? Results.Json(PackageJson.From(result.Value!, Urls(context), ModelOf(context, type)), GitHubJson.Options)
                : RestGuard.Failure(context, result, owner, docs);
        });
    }

    private static Task<IResult> DeleteAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        var docs = PackageOperations.DeletePackage(route);
        return OnPackageAsync(context, route, login, typeName, docs, DeleteScopes, "delete a package", async (packages, owner, type) =>
            NoContentOr(context, await packages.DeletePackageAsync(context.Principal(), owner, type, NameOf(rawName), context.RequestAborted), owner, docs));
    }

    /// <summary>The optional "token" query parameter is accepted and has no effect (behaviour §4.1: its purpose is unknown).</summary>
    private static Task<IResult> RestoreAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        var docs = PackageOperations.RestorePackage(route);
        return OnPackageAsync(context, route, login, typeName, docs, RestoreScopes, "restore a package", async (packages, owner, type) =>
            NoContentOr(context, await packages.RestorePackageAsync(context.Principal(), owner, type, NameOf(rawName), context.RequestAborted), owner, docs));
    }

    private static Task<IResult> ListVersionsAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        var docs = PackageOperations.ListVersions(route);
        var state = context.Request.Query["state"].ToString();
        return OnPackageAsync(context, route, login, typeName, docs, ReadScopes, "get a package's versions", async (packages, owner, type) =>
        {
            if (state is not ("" or "active" or "deleted"))
            {
                return GitHubError.Validation($"Invalid request.\n\n\"{state}\" is not a valid state; use active or deleted.", docs);
            }

            // GitHub's OpenAPI declares the 10,000-result 400 on package lists only; version lists keep the same rule
            // (a deep page is as costly there) and answer it the same way.
            var pagination = Pagination.From(context.Request);
            if (pagination.ExceedsListLimit)
            {
                return GitHubError.Result(StatusCodes.Status400BadRequest, Pagination.BeyondListLimitMessage, docs);
            }

            var result = await packages.ListVersionsAsync(
                context.Principal(), owner, type, NameOf(rawName), state == "deleted", pagination.Page, pagination.PerPage, context.RequestAborted);
            if (!result.IsOk)
            {
                return RestGuard.Failure(context, result, owner, docs);
            }

            var urls = Urls(context);
            var model = ModelOf(context, type);
            var list = result.Value!;
            pagination.WriteLink(context, urls, list.Total);
            return Results.Json(list.Items.Select(v => PackageVersionJson.From(list.Package, v, urls, model)), GitHubJson.Options);
        });
    }

    private static Task<IResult> GetVersionAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName, string rawId)
    {
        var docs = PackageOperations.GetVersion(route);
        return OnVersionAsync(context, route, login, typeName, rawId, docs, ReadScopes, "get a package version", async (packages, owner, type, versionId) =>
        {
            var name = NameOf(rawName);
            var package = await packages.GetAsync(context.Principal(), owner, type, name, PackageAction.Read, context.RequestAborted);
            if (!package.IsOk)
            {
                return RestGuard.Failure(context, package, owner, docs);
            }

            var result = await packages.GetVersionAsync(context.Principal(), owner, type, name, versionId, context.RequestAborted);
            return result.IsOk
                ? Results.Json(PackageVersionJson.From(package.Value!, result.Value!, Urls(context), ModelOf(context, type)), GitHubJson.Options)
                : RestGuard.Failure(context, result, owner, docs);
        });
    }

    private static Task<IResult> DeleteVersionAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName, string rawId)
    {
        var docs = PackageOperations.DeleteVersion(route);
        return OnVersionAsync(context, route, login, typeName, rawId, docs, DeleteScopes, "delete a package version", async (packages, owner, type, versionId) =>
            NoContentOr(context, await packages.DeleteVersionAsync(context.Principal(), owner, type, NameOf(rawName), versionId, context.RequestAborted), owner, docs));
    }

    private static Task<IResult> RestoreVersionAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName, string rawId)
    {
        var docs = PackageOperations.RestoreVersion(route);
        return OnVersionAsync(context, route, login, typeName, rawId, docs, RestoreScopes, "restore a package version", async (packages, owner, type, versionId) =>
            NoContentOr(context, await packages.RestoreVersionAsync(context.Principal(), owner, type, NameOf(rawName), versionId, context.RequestAborted), owner, docs));
    }

    /// <summary>The checks every single-package operation makes before its own work, in GitHub's order.</summary>
    private static async Task<IResult> OnPackageAsync(
        HttpContext context, OwnerRoute route, string? login, string typeName, string docs, string[] scopes, string toWhat,
        Func<PackageService, Account, PackageType, Task<IResult>> operation)
    {
        if (RestGuard.RequireScopes(context, scopes, toWhat, docs) is { } denied)
        {
            return denied;
        }

        var (owner, type, error) = await ResolvePackageRouteAsync(context, route, login, typeName, docs);
        return owner is null ? error! : await operation(context.RequestServices.GetRequiredService<PackageService>(), owner, type);
    }

    /// <summary>As <see cref="OnPackageAsync"/>, with the version id parsed; an id that is not a number names no version.</summary>
    private static Task<IResult> OnVersionAsync(
        HttpContext context, OwnerRoute route, string? login, string typeName, string rawId, string docs, string[] scopes, string toWhat,
        Func<PackageService, Account, PackageType, long, Task<IResult>> operation) =>
        OnPackageAsync(context, route, login, typeName, docs, scopes, toWhat, (packages, owner, type) =>
            long.TryParse(rawId, out var versionId)
                ? operation(packages, owner, type, versionId)
                : Task.FromResult(GitHubError.Result(StatusCodes.Status404NotFound, PackageMessages.NotFound, docs)));

    private static IResult NoContentOr<T>(HttpContext context, Core.Outcomes.Outcome<T> outcome, Account owner, string docs) =>
        outcome.IsOk ? Results.NoContent() : RestGuard.Failure(context, outcome, owner, docs);

    private static WharfUrls Urls(HttpContext context) => context.RequestServices.GetRequiredService<WharfUrls>();

    private static Task<(Account? Owner, IResult? Error)> ResolveAsync(HttpContext context, OwnerRoute route, string? login, string docs) =>
        RestGuard.ResolveOwnerAsync(context, route, login, context.RequestServices.GetRequiredService<AccountService>(), docs);

    private static async Task<(Account? Owner, PackageType Type, IResult? Error)> ResolvePackageRouteAsync(
        HttpContext context, OwnerRoute route, string? login, string typeName, string docs)
    {
        if (!PackageTypeNames.TryParse(typeName, out var type))
        {
            return (null, default, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, docs));
        }

        var (owner, error) = await ResolveAsync(context, route, login, docs);
        return (error is null ? owner : null, type.Value, error);
    }

    private static PermissionModel ModelOf(HttpContext context, PackageType type) =>
        context.RequestServices.GetRequiredService<AccessPolicy>().ModelOf(type);

    /// <summary>Container names with '/' arrive as %2F, which routing leaves encoded.</summary>
    private static string NameOf(string raw) => Uri.UnescapeDataString(raw);
}
