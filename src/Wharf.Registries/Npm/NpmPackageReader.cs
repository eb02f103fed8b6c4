using Microsoft.AspNetCore.Http;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Outcomes;
using Wharf.Core.Packages;
using Wharf.Core.Urls;
using Wharf.Registries.Access;

namespace Wharf.Registries.Npm;

/// <summary>
/// Reads a package for a caller: the access decision (cached, see <see cref="NpmAccessCache"/>), the package's stamp
/// (one query per request, so deletes and restores through the REST API show at once), and the packument built for
/// that stamp (see <see cref="NpmPackumentCache"/>).
/// </summary>
public sealed class NpmPackageReader(
    AccountService accounts,
    PackageService packages,
    IRegistryStateStore state,
    NpmAccessCache access,
    NpmPackumentCache packuments,
    WharfUrls urls,
    AccessPolicy policy,
    TimeProvider clock)
{
    private const int VersionPageSize = 1000;

    /// <summary>The packument for the request's caller, its tarball URLs in the form the request was asked on.</summary>
    public Task<Outcome<NpmPackument>> GetAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken) =>
        GetAsync(context.Principal(), name, RegistryUrlFor(context), cancellationToken);

    /// <summary>
    /// The packument of a package the caller may read, its tarball URLs under <paramref name="registryUrl"/>; 401, 404
    /// otherwise (never 403: see behaviour §1).
    /// </summary>
    public async Task<Outcome<NpmPackument>> GetAsync(Principal principal, NpmPackageName name, string registryUrl, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(principal, name, registryUrl, cancellationToken);

        // An anonymous caller is told to log in, never which packages exist: private and missing alike are 401, as
        // without anonymous reads (and as the Container registry answers anonymous pulls).
        return !principal.IsAuthenticated && read.Status == OutcomeStatus.NotFound
            ? Outcome<NpmPackument>.From(AccessDecision.Unauthenticated)
            : read;
    }

    private async Task<Outcome<NpmPackument>> ReadAsync(Principal principal, NpmPackageName name, string registryUrl, CancellationToken cancellationToken)
    {
        if (!principal.IsAuthenticated && !policy.AllowsAnonymousRead(PackageType.Npm))
        {
            // GitHub serves npm packages only with a token, public ones included (behaviour §1.5), unless the
            // instance opens anonymous reads of public packages (Access:AnonymousReads).
            return Outcome<NpmPackument>.From(AccessDecision.Unauthenticated);
        }

        var now = clock.GetUtcNow().UtcDateTime;

        // Decisions are cached per token; an anonymous read is decided afresh each time.
        var tokenId = principal.TokenId;
        var key = NpmAccessCache.Key(name);
        var entry = tokenId is { } cachedFor ? access.Find(cachedFor, key, now) : null;
        PackageStamp? stamp = null;
        if (entry is not null)
        {
            stamp = await state.FindStampAsync(entry.Package.Id, cancellationToken);
            if (stamp is null || !entry.StillHolds(stamp))
            {
                access.Forget(tokenId!.Value, key);
                entry = null;
            }
        }

        if (entry is null)
        {
            var owner = await accounts.FindAsync(name.Scope, cancellationToken);
            if (owner is null)
            {
                return Outcome<NpmPackument>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
            }

            var found = await packages.GetAsync(principal, owner, PackageType.Npm, name.Name, PackageAction.Read, cancellationToken);
            if (!found.IsOk)
            {
                return found.As<NpmPackument>();
            }

            var package = found.Value!.Package;
            stamp = await state.FindStampAsync(package.Id, cancellationToken);
            if (stamp is null || stamp.Deleted)
            {
                return Outcome<NpmPackument>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
            }

            entry = new ReadDecision(owner, package, now);
            if (tokenId is { } rememberFor)
            {
                access.Remember(rememberFor, key, entry, stamp);
            }
        }

        if (packuments.Find(stamp!, registryUrl) is { } cached)
        {
            return cached;
        }

        var snapshot = await SnapshotAsync(principal, entry.Owner, name, registryUrl, cancellationToken);
        if (!snapshot.IsOk)
        {
            return snapshot.As<NpmPackument>();
        }

        // Read after the stamp, the snapshot is at least as new as it: a later change moves the stamp, never the reverse.
        var packument = NpmPackumentBuilder.Build(snapshot.Value!);
        packuments.Store(stamp!, packument);
        return packument;
    }

    /// <summary>The package, all its active versions and its tags, read through the core for the caller.</summary>
    public async Task<Outcome<NpmPackageSnapshot>> SnapshotAsync(
        Principal principal, Account owner, NpmPackageName name, string registryUrl, CancellationToken cancellationToken)
    {
        var versions = new List<PackageVersion>();
        PackageView? view = null;
        for (var page = 1; ; page++)
        {
            var list = await packages.ListVersionsAsync(principal, owner, PackageType.Npm, name.Name, false, page, VersionPageSize, cancellationToken);
            if (!list.IsOk)
            {
                return list.As<NpmPackageSnapshot>();
            }

            view = list.Value!.Package;
            versions.AddRange(list.Value.Items.Select(i => i.Version));
            if (list.Value.Items.Count < VersionPageSize)
            {
                break;
            }
        }

        var tags = await state.ListTagsAsync(view!.Package.Id, cancellationToken);

        // Pages are read one after another; a publish in between shifts them, so a version may come twice.
        return new NpmPackageSnapshot(name, view.Package, versions.DistinctBy(v => v.Id).ToArray(), tags, registryUrl);
    }

    /// <summary>
    /// The registry's external base in the form the request was asked on (DESIGN "Addresses"): <c>npm.HOST</c> for a
    /// request on that host, the path form otherwise, even with subdomain isolation on. npm sends its token only under the
    /// registry URL it was configured with, so a tarball URL in the other form would be fetched without it (E401).
    /// </summary>
    public string RegistryUrlFor(HttpContext context) => context.ArrivedOnSubdomain() ? urls.Npm : urls.NpmByPath;
}
