using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Registries.Npm;

/// <summary>
/// <c>npm dist-tag ls|add|rm</c>: <c>GET /-/package/{package}/dist-tags</c>, and <c>PUT</c>/<c>DELETE</c> of
/// <c>/-/package/{package}/dist-tags/{tag}</c> with the version as a JSON string. Tags are name → version pointers
/// of the package, kept in the tag table (<see cref="IRegistryStateStore"/>); changing one needs write access.
/// </summary>
public sealed class NpmDistTagService(
    AccountService accounts,
    PackageService packages,
    IRegistryStateStore state,
    NpmPackageReader reader,
    TimeProvider clock)
{
    private const int MaxBodyBytes = 1024;

    public async Task<IResult> ListAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken)
    {
        var found = await reader.GetAsync(context, name, cancellationToken);
        return found.IsOk ? TypedResults.Json(found.Value!.DistTags, NpmJson.Options) : NpmErrors.From(context, found);
    }

    public async Task<IResult> SetAsync(HttpContext context, NpmPackageName name, string tag, CancellationToken cancellationToken)
    {
        if (!NpmVersions.IsValidTag(tag))
        {
            return NpmErrors.BadRequest($"Invalid dist-tag \"{tag}\": a tag is a word such as latest or beta, and may not look like a version or a range.");
        }

        var version = await ReadVersionAsync(context, cancellationToken);
        if (version is null)
        {
            return NpmErrors.BadRequest("The body must be the version to tag, as a JSON string such as \"1.2.3\".");
        }

        var (packument, error) = await WritableAsync(context, name, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!packument!.Versions.TryGetValue(NpmVersions.Clean(version), out var target))
        {
            return NpmErrors.NotFoundResult($"Version {version} of {name.FullName} not found.");
        }

        await state.SetTagAsync(packument.PackageId, tag, target.VersionId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.Json(new NpmOkJson { Id = name.FullName }, NpmJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> RemoveAsync(HttpContext context, NpmPackageName name, string tag, CancellationToken cancellationToken)
    {
        if (tag == "latest")
        {
            return NpmErrors.BadRequest("The latest tag cannot be removed; point it at another version with npm dist-tag add.");
        }

        var (packument, error) = await WritableAsync(context, name, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return await state.RemoveTagAsync(packument!.PackageId, tag, clock.GetUtcNow().UtcDateTime, cancellationToken)
            ? TypedResults.Json(new NpmOkJson { Id = name.FullName }, NpmJson.Options)
            : NpmErrors.NotFoundResult($"{name.FullName} has no dist-tag \"{tag}\".");
    }

    /// <summary>The package's packument when the caller may write to it; the core decides.</summary>
    private async Task<(NpmPackument? Packument, IResult? Error)> WritableAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        var found = await reader.GetAsync(context, name, cancellationToken);
        if (!found.IsOk)
        {
            return (null, NpmErrors.From(context, found));
        }

        var owner = await accounts.FindAsync(name.Scope, cancellationToken);
        var write = await packages.GetAsync(principal, owner!, PackageType.Npm, name.Name, PackageAction.Write, cancellationToken);
        return write.IsOk ? (found.Value, null) : (null, NpmErrors.From(context, write));
    }

    private static async Task<string?> ReadVersionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MaxBodyBytes)
            {
                return null;
            }
        }

        try
        {
            return JsonSerializer.Deserialize<string>(buffer.AsSpan(0, length));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
