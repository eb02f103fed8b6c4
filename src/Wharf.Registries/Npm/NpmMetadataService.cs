using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Registries.Npm;

/// <summary>
/// Changes npm makes by sending a package's document back: <c>npm deprecate</c> (PUT of the packument with
/// <c>deprecated</c> set or cleared on versions), <c>npm unpublish pkg@version</c> (PUT to <c>/-rev/REV</c> without
/// the version, then a DELETE of its tarball), and <c>npm unpublish pkg</c> (DELETE <c>/-rev/REV</c>). Unpublishing
/// is Wharf's soft deletion: restorable through the REST API for the restore window (behaviour §4.1, §4.3).
/// </summary>
public sealed class NpmMetadataService(
    AccountService accounts,
    PackageService packages,
    IRegistryStateStore state,
    NpmPackageReader reader,
    TimeProvider clock)
{
    public async Task<IResult> UpdateAsync(HttpContext context, Account owner, NpmPackageName name, NpmPublishDocument document, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (document.Versions is not { } versions)
        {
            return NpmErrors.BadRequest("The document has no \"versions\" and no tarball in \"_attachments\".");
        }

        var snapshot = await reader.SnapshotAsync(principal, owner, name, reader.RegistryUrlFor(context), cancellationToken);
        if (!snapshot.IsOk)
        {
            return NpmErrors.From(context, snapshot);
        }

        var current = snapshot.Value!.Versions
            .Select(v => (Version: v, Record: NpmVersionRecord.Parse(v.Metadata)))
            .Where(v => v.Record is not null)
            .ToDictionary(v => v.Version.Name, v => (v.Version, Record: v.Record!), StringComparer.Ordinal);
        if (versions.Select(v => v.Key).FirstOrDefault(v => !current.ContainsKey(v)) is { } unknown)
        {
            return NpmErrors.BadRequest($"Version {unknown} is not published; publish new versions with npm publish (this document carries no tarball).");
        }

        var removed = current.Values.Where(v => !versions.ContainsKey(v.Version.Name)).ToList();
        var deprecations = new List<(PackageVersion Version, NpmVersionRecord Record)>();
        foreach (var (version, node) in versions)
        {
            var (stored, record) = current[version];
            var wanted = node?["deprecated"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (!string.Equals(wanted ?? "", record.Deprecated ?? "", StringComparison.Ordinal))
            {
                deprecations.Add((stored, record.WithDeprecation(wanted)));
            }
        }

        // npm's unpublish re-points the tags of the version it removes; Wharf leaves that to the deletion (which detaches
        // them, the packument then falls back to the highest release), so a restore through REST gives them back.
        var tagged = snapshot.Value.Tags;
        var tagChanges = new List<(string Tag, long VersionId)>();
        if (removed.Count == 0 && document["dist-tags"] is JsonObject distTags)
        {
            foreach (var (tag, node) in distTags)
            {
                if (node is JsonValue value && value.TryGetValue<string>(out var target) && versions.ContainsKey(target) &&
                    NpmVersions.IsValidTag(tag) && current[target].Version.Id is var id && (!tagged.TryGetValue(tag, out var held) || held != id))
                {
                    tagChanges.Add((tag, id));
                }
            }
        }

        var packageId = snapshot.Value.Package.Id;
        if (deprecations.Count > 0 || tagChanges.Count > 0)
        {
            var write = await packages.GetAsync(principal, owner, PackageType.Npm, name.Name, PackageAction.Write, cancellationToken);
            if (!write.IsOk)
            {
                return NpmErrors.From(context, write);
            }
        }

        foreach (var (version, _) in removed)
        {
            var deleted = await packages.DeleteVersionAsync(principal, owner, PackageType.Npm, name.Name, version.Id, cancellationToken);
            if (!deleted.IsOk)
            {
                return NpmErrors.From(context, deleted);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (version, record) in deprecations)
        {
            await state.UpdateVersionMetadataAsync(packageId, version.Id, record.ToJson(), now, cancellationToken);
        }

        foreach (var (tag, versionId) in tagChanges)
        {
            await state.SetTagAsync(packageId, tag, versionId, now, cancellationToken);
        }

        return TypedResults.Json(new NpmOkJson { Id = name.FullName }, NpmJson.Options);
    }

    /// <summary><c>npm unpublish pkg</c>: deletes the whole package (soft, restorable through the REST API).</summary>
    public async Task<IResult> UnpublishAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return NpmErrors.Unauthenticated(context);
        }

        var owner = await accounts.FindAsync(name.Scope, cancellationToken);
        if (owner is null)
        {
            return NpmErrors.NotFoundResult();
        }

        var deleted = await packages.DeletePackageAsync(principal, owner, PackageType.Npm, name.Name, cancellationToken);
        return deleted.IsOk ? TypedResults.Json(new NpmOkJson { Id = name.FullName }, NpmJson.Options) : NpmErrors.From(context, deleted);
    }

    /// <summary>
    /// The tarball DELETE that follows <c>npm unpublish pkg@version</c>: the version (and with it the tarball) went with
    /// the document update, so there is nothing left to do but answer for a package the caller can see.
    /// </summary>
    public async Task<IResult> DeleteTarballAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken)
    {
        var found = await reader.GetAsync(context, name, cancellationToken);
        return found.IsOk ? TypedResults.Json(new NpmOkJson { Id = name.FullName }, NpmJson.Options) : NpmErrors.From(context, found);
    }
}
