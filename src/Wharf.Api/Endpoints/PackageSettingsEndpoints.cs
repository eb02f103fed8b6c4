using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
/// Wharf's additions to the packages API for what GitHub offers only in its web UI (behaviour §1.1, §1.4): change
/// visibility (public stays public), link or unlink a repository, switch inheritance, and grant or revoke package
/// roles for users and teams. Package admins only; the token needs write:packages.
/// </summary>
public static class PackageSettingsEndpoints
{
    private const string Docs = "https://docs.github.com/packages/learn-github-packages/configuring-a-packages-access-control-and-visibility";
    private static readonly string[] AdminScopes = [Scope.WritePackages];

    public static void MapPackageSettings(this IEndpointRouteBuilder api)
    {
        Map(api, "/user", OwnerRoute.AuthenticatedUser);
        Map(api, "/users/{owner}", OwnerRoute.User);
        Map(api, "/orgs/{owner}", OwnerRoute.Organization);
    }

    private static void Map(IEndpointRouteBuilder api, string prefix, OwnerRoute route)
    {
        var package = prefix + "/packages/{package_type}/{package_name}";
        api.MapPatch(package, (HttpContext c, string? owner, string package_type, string package_name) =>
            ChangeSettingsAsync(c, route, owner, package_type, package_name));
        api.MapGet(package + "/access", (HttpContext c, string? owner, string package_type, string package_name) =>
            ListAccessAsync(c, route, owner, package_type, package_name));
        api.MapPut(package + "/access/users/{username}", (HttpContext c, string? owner, string package_type, string package_name, string username) =>
            GrantAsync(c, route, owner, package_type, package_name, username, null));
        api.MapDelete(package + "/access/users/{username}", (HttpContext c, string? owner, string package_type, string package_name, string username) =>
            RevokeAsync(c, route, owner, package_type, package_name, username, null));
        api.MapPut(package + "/access/teams/{team_slug}", (HttpContext c, string? owner, string package_type, string package_name, string team_slug) =>
            GrantAsync(c, route, owner, package_type, package_name, null, team_slug));
        api.MapDelete(package + "/access/teams/{team_slug}", (HttpContext c, string? owner, string package_type, string package_name, string team_slug) =>
            RevokeAsync(c, route, owner, package_type, package_name, null, team_slug));
    }

    private static async Task<IResult> ChangeSettingsAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        if (RestGuard.RequireScopes(context, AdminScopes, "change a package's settings", Docs) is { } denied)
        {
            return denied;
        }

        var (owner, type, error) = await ResolveAsync(context, route, login, typeName);
        if (owner is null)
        {
            return error!;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return GitHubError.Result(StatusCodes.Status400BadRequest, "Problems parsing JSON", Docs);
        }

        var change = new PackageSettingsChange();
        if (body.Value.TryGetProperty("visibility", out var visibility))
        {
            if (visibility.ValueKind != JsonValueKind.String || !TryParseVisibility(visibility.GetString(), out var parsed))
            {
                return GitHubError.Validation("Invalid request.\n\n\"visibility\" must be one of public, private, internal.", Docs);
            }

            change = change with { Visibility = parsed };
        }

        if (body.Value.TryGetProperty("repository", out var repository))
        {
            change = repository.ValueKind switch
            {
                JsonValueKind.Null => change with { UnlinkRepository = true },
                JsonValueKind.String => change with { RepositoryName = RepositoryNameOf(repository.GetString()!, owner) },
                _ => change with { RepositoryName = "" },
            };
            if (change.RepositoryName == "")
            {
                return GitHubError.Validation("Invalid request.\n\n\"repository\" must be a repository name of the package's owner, or null.", Docs);
            }
        }

        if (body.Value.TryGetProperty("inherit_access", out var inherit))
        {
            if (inherit.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return GitHubError.Validation("Invalid request.\n\n\"inherit_access\" must be true or false.", Docs);
            }

            change = change with { InheritAccess = inherit.GetBoolean() };
        }

        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var result = await packages.ChangeSettingsAsync(context.Principal(), owner, type, Uri.UnescapeDataString(rawName), change, context.RequestAborted);
        if (!result.IsOk)
        {
            return RestGuard.Failure(context, result, owner, Docs);
        }

        var urls = context.RequestServices.GetRequiredService<WharfUrls>();
        var model = context.RequestServices.GetRequiredService<AccessPolicy>().ModelOf(type);
        return Results.Json(PackageJson.From(result.Value!, urls, model), GitHubJson.Options);
    }

    private static async Task<IResult> ListAccessAsync(HttpContext context, OwnerRoute route, string? login, string typeName, string rawName)
    {
        if (RestGuard.RequireScopes(context, AdminScopes, "read a package's access", Docs) is { } denied)
        {
            return denied;
        }

        var (owner, type, error) = await ResolveAsync(context, route, login, typeName);
        if (owner is null)
        {
            return error!;
        }

        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var result = await packages.ListGrantsAsync(context.Principal(), owner, type, Uri.UnescapeDataString(rawName), context.RequestAborted);
        if (!result.IsOk)
        {
            return RestGuard.Failure(context, result, owner, Docs);
        }

        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        var entries = new List<object>();
        foreach (var grant in result.Value!)
        {
            var role = grant.Role.ToString().ToLowerInvariant();
            if (grant.UserId is { } userId && await accounts.FindByIdAsync(userId, context.RequestAborted) is { } user)
            {
                entries.Add(new { type = "user", login = user.Login, role });
            }
            else if (grant.TeamId is { } teamId && await accounts.FindTeamByIdAsync(teamId, context.RequestAborted) is { } team)
            {
                entries.Add(new { type = "team", slug = team.Slug, role });
            }
        }

        return Results.Json(entries, GitHubJson.Options);
    }

    private static async Task<IResult> GrantAsync(
        HttpContext context, OwnerRoute route, string? login, string typeName, string rawName, string? username, string? teamSlug)
    {
        if (RestGuard.RequireScopes(context, AdminScopes, "change a package's access", Docs) is { } denied)
        {
            return denied;
        }

        var (owner, type, error) = await ResolveAsync(context, route, login, typeName);
        if (owner is null)
        {
            return error!;
        }

        var body = await ReadBodyAsync(context);
        var roleText = body is { } b && b.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (roleText is not ("read" or "write" or "admin"))
        {
            return GitHubError.Validation("Invalid request.\n\n\"role\" must be one of read, write, admin.", Docs);
        }

        var (user, team, missing) = await GranteeAsync(context, owner, username, teamSlug);
        if (missing is not null)
        {
            return missing;
        }

        var role = Enum.Parse<PackageRole>(roleText, ignoreCase: true);
        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var result = await packages.GrantAsync(context.Principal(), owner, type, Uri.UnescapeDataString(rawName), user, team, role, context.RequestAborted);
        return result.IsOk ? Results.NoContent() : RestGuard.Failure(context, result, owner, Docs);
    }

    private static async Task<IResult> RevokeAsync(
        HttpContext context, OwnerRoute route, string? login, string typeName, string rawName, string? username, string? teamSlug)
    {
        if (RestGuard.RequireScopes(context, AdminScopes, "change a package's access", Docs) is { } denied)
        {
            return denied;
        }

        var (owner, type, error) = await ResolveAsync(context, route, login, typeName);
        if (owner is null)
        {
            return error!;
        }

        var (user, team, missing) = await GranteeAsync(context, owner, username, teamSlug);
        if (missing is not null)
        {
            return missing;
        }

        var packages = context.RequestServices.GetRequiredService<PackageService>();
        var result = await packages.RevokeAsync(context.Principal(), owner, type, Uri.UnescapeDataString(rawName), user, team, context.RequestAborted);
        return result.IsOk ? Results.NoContent() : RestGuard.Failure(context, result, owner, Docs);
    }

    private static async Task<(Account? User, Team? Team, IResult? Missing)> GranteeAsync(HttpContext context, Account owner, string? username, string? teamSlug)
    {
        var accounts = context.RequestServices.GetRequiredService<AccountService>();
        if (username is not null)
        {
            var user = await accounts.FindAsync(username, context.RequestAborted);
            return user is null || user.IsOrganization
                ? (null, null, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, Docs))
                : (user, null, null);
        }

        var team = owner.IsOrganization ? await accounts.FindTeamAsync(owner, teamSlug!, context.RequestAborted) : null;
        return team is null
            ? (null, null, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, Docs))
            : (null, team, null);
    }

    private static async Task<(Account? Owner, PackageType Type, IResult? Error)> ResolveAsync(HttpContext context, OwnerRoute route, string? login, string typeName)
    {
        if (!PackageTypeNames.TryParse(typeName, out var type))
        {
            return (null, default, GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound, Docs));
        }

        var (owner, error) = await RestGuard.ResolveOwnerAsync(context, route, login, context.RequestServices.GetRequiredService<AccountService>(), Docs);
        return (error is null ? owner : null, type.Value, error);
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpContext context)
    {
        // Settings bodies are a few fields; the same cap as every administration body, enforced while reading so a
        // chunked body without Content-Length cannot grow without bound either.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = RequestBody.MaxBytes;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static bool TryParseVisibility(string? text, out Visibility visibility)
    {
        (var ok, visibility) = text switch
        {
            "public" => (true, Visibility.Public),
            "private" => (true, Visibility.Private),
            "internal" => (true, Visibility.Internal),
            _ => (false, Visibility.Private),
        };
        return ok;
    }

    /// <summary>Accepts "repo" or "owner/repo" (the owner must be the package's).</summary>
    private static string RepositoryNameOf(string value, Account owner)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return value;
        }

        return string.Equals(value[..slash], owner.Login, StringComparison.OrdinalIgnoreCase) ? value[(slash + 1)..] : "";
    }
}
