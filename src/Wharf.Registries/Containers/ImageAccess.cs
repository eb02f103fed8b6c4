using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Outcomes;
using Wharf.Core.Packages;
using Wharf.Registries.Access;

namespace Wharf.Registries.Containers;

/// <summary>
/// The image a request is about, after the access check: the owner, and the package when it exists. A caller who
/// may not read an image cannot tell it from a missing one: anonymous callers get 401, others NAME_UNKNOWN.
/// </summary>
public sealed record ImageAccess(ImageName Name, Account Owner, Package? Package)
{
    /// <summary>Read access to an existing image.</summary>
    public static async Task<(ImageAccess? Access, OciError? Error)> ReadAsync(ContainerRequest request, ImageName name)
    {
        var owner = await request.Accounts.FindAsync(name.Owner, request.Aborted);
        if (owner is null)
        {
            return (null, request.Hidden(name, push: false));
        }

        var found = await request.Packages.GetAsync(request.Principal, owner, request.Type, name.Image, PackageAction.Read, request.Aborted);
        if (!found.IsOk && request.IsDocker && found.Status == OutcomeStatus.NotFound)
        {
            // Old docker.HOST paths keep working after an image moved to the Container registry (behaviour §8).
            var moved = await request.Packages.GetAsync(request.Principal, owner, PackageType.Container, name.Image, PackageAction.Read, request.Aborted);
            found = moved.IsOk ? moved : found;
        }

        return found.IsOk
            ? (new ImageAccess(name, owner, found.Value!.Package), null)
            : (null, Failure(request, name, found.Status, found.Message, push: false));
    }

    /// <summary>
    /// <see cref="ReadAsync"/> for manifest GETs, with the decision reused from <see cref="ContainerAccessCache"/>
    /// while the package's stamp (one query) shows the package row unchanged. Anonymous reads are never cached.
    /// </summary>
    public static async Task<(ImageAccess? Access, OciError? Error)> ReadCachedAsync(ContainerRequest request, ImageName name)
    {
        if (request.Principal.TokenId is not { } tokenId)
        {
            return await ReadAsync(request, name);
        }

        var cache = request.AccessCache;
        var key = ContainerAccessCache.Key(request.Type, name);
        if (cache.Find(tokenId, key, request.Now) is { } entry)
        {
            var current = await request.State.FindStampAsync(entry.Package.Id, request.Aborted);
            if (current is not null && entry.StillHolds(current))
            {
                return (new ImageAccess(name, entry.Owner, entry.Package), null);
            }

            cache.Forget(tokenId, key);
        }

        var read = await ReadAsync(request, name);
        if (read.Access is { Package: { } package } access)
        {
            var stamp = await request.State.FindStampAsync(package.Id, request.Aborted);
            if (stamp is null || stamp.Deleted)
            {
                return (null, request.Hidden(name, push: false));
            }

            // Only a decision made on the row the stamp describes is kept: a change in between is decided afresh next time.
            cache.Remember(tokenId, key, new ReadDecision(access.Owner, package, request.Now), stamp);
        }

        return read;
    }

    /// <summary>
    /// Read access to an image's blobs. Once the image has a package, its readers read every blob linked to it. Before
    /// its first manifest there is nothing to be a reader of: the caller reads only the blobs they uploaded or mounted
    /// there themselves (and only while they may still push there), or all of them as an admin of the owner.
    /// </summary>
    public static async Task<(BlobReader? Reader, OciError? Error)> BlobReadAsync(ContainerRequest request, ImageName name)
    {
        var read = await ReadCachedAsync(request, name);
        if (read.Access is { } access)
        {
            return (new BlobReader(access, OwnLinksOf: null), null);
        }

        if (read.Error?.Code != OciErrorCodes.NameUnknown || request.Principal.UserId is not { } userId)
        {
            return (null, read.Error);
        }

        var owner = await request.Accounts.FindAsync(name.Owner, request.Aborted);
        if (owner is null || await request.PackageStore.FindActiveAsync(owner.Id, request.Type, PackageNames.Key(name.Image), request.Aborted) is not null)
        {
            // A package the caller may not read: its blobs are as hidden as its manifests.
            return (null, read.Error);
        }

        var push = await PushAsync(request, name);
        if (push.Access is null)
        {
            return (null, read.Error);
        }

        var admin = await request.Publisher.AdministersOwnerAsync(request.Principal, owner, request.Type, request.Aborted);
        return (new BlobReader(push.Access, OwnLinksOf: admin ? null : userId), null);
    }

    /// <summary>Push access: publish into the image, creating it on first push; with the package when it exists.</summary>
    public static async Task<(ImageAccess? Access, OciError? Error)> WriteAsync(ContainerRequest request, ImageName name)
    {
        var (access, error) = await PushAsync(request, name);
        if (access is null)
        {
            return (null, error);
        }

        var package = await request.Packages.GetAsync(request.Principal, access.Owner, request.Type, name.Image, PackageAction.Read, request.Aborted);
        return (access with { Package = package.IsOk ? package.Value!.Package : null }, null);
    }

    /// <summary>
    /// Push access without the package: all that blob uploads need (blobs are linked to the image name, and the package
    /// appears with the first manifest), which saves each chunk a package read.
    /// </summary>
    public static async Task<(ImageAccess? Access, OciError? Error)> PushAsync(ContainerRequest request, ImageName name)
    {
        var owner = await request.Accounts.FindAsync(name.Owner, request.Aborted);
        if (owner is null)
        {
            return (null, request.Principal.IsAuthenticated ? OciError.Denied() : request.Challenge(name, push: true));
        }

        var repository = await request.DockerRepositoryAsync(owner, name);
        var decision = await request.Publisher.AuthorizeAsync(request.Principal, owner, request.Type, name.Image, repository, request.Aborted);
        if (!decision.IsAllowed)
        {
            return (null, request.Principal.IsAuthenticated ? OciError.Denied(decision.Message ?? "permission denied") : request.Challenge(name, push: true));
        }

        return (new ImageAccess(name, owner, null), null);
    }

    /// <summary>An action needing a role (delete) on an existing image.</summary>
    public static async Task<(ImageAccess? Access, OciError? Error)> ActAsync(ContainerRequest request, ImageName name, PackageAction action)
    {
        var owner = await request.Accounts.FindAsync(name.Owner, request.Aborted);
        if (owner is null)
        {
            return (null, request.Hidden(name, push: true));
        }

        var found = await request.Packages.GetAsync(request.Principal, owner, request.Type, name.Image, action, request.Aborted);
        return found.IsOk
            ? (new ImageAccess(name, owner, found.Value!.Package), null)
            : (null, Failure(request, name, found.Status, found.Message, push: true));
    }

    public static OciError Failure(ContainerRequest request, ImageName name, OutcomeStatus status, string? message, bool push) => status switch
    {
        OutcomeStatus.Forbidden => request.Principal.IsAuthenticated ? OciError.Denied(message ?? "permission denied") : request.Challenge(name, push),
        OutcomeStatus.Unauthenticated => request.Challenge(name, push),
        _ => request.Hidden(name, push),
    };
}
