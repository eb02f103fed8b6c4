using Microsoft.Extensions.Options;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Outcomes;
using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>
/// Reading, deleting and restoring packages and versions under the access policy and GitHub's deletion rules.
/// Every registry and the REST API go through here; none of them decides access on its own.
/// </summary>
public sealed class PackageService(
    IPackageStore store,
    IRepositoryStore repositories,
    IAccountStore accounts,
    PackageAccessLoader loader,
    AccessPolicy policy,
    DownloadCounter downloads,
    IOptions<PackageOptions> options,
    TimeProvider clock)
{
    /// <summary>GitHub's package lists end at 10,000 results (page × per_page).</summary>
    public const int MaxListResults = 10_000;

    private readonly PackageOptions _options = options.Value;

    private DateTime RestoreCutoff => clock.GetUtcNow().UtcDateTime - _options.RestoreWindow;

    /// <summary>Finds an active package and checks that the caller may do <paramref name="action"/> with it.</summary>
    public async Task<Outcome<PackageView>> GetAsync(
        Principal principal, Account owner, PackageType type, string name, PackageAction action, CancellationToken cancellationToken)
    {
        var package = await store.FindActiveAsync(owner.Id, type, PackageNames.Key(name), cancellationToken);
        if (package is null)
        {
            return principal.IsAuthenticated || policy.AllowsAnonymousRead(type)
                ? Outcome<PackageView>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound)
                : Outcome<PackageView>.From(AccessDecision.Unauthenticated);
        }

        var repository = package.RepositoryId is { } id ? await repositories.FindByIdAsync(id, cancellationToken) : null;
        var decision = policy.Decide(principal, await loader.LoadAsync(principal, owner, type, package, repository, cancellationToken), action);
        if (!decision.IsAllowed)
        {
            return Outcome<PackageView>.From(decision);
        }

        var count = await store.CountActiveVersionsAsync(package.Id, cancellationToken);
        return new PackageView(package, owner, repository, count);
    }

    public async Task<Outcome<PackageListView>> ListAsync(
        Principal principal, Account owner, PackageType type, Visibility? visibility, int page, int perPage, CancellationToken cancellationToken)
    {
        var scope = await loader.ReadScopeAsync(principal, owner, type, cancellationToken);

        // For repository-scoped types "internal" means the same as "private" (OpenAPI text of the visibility filter).
        if (visibility == Visibility.Internal && scope.RepositoryScoped)
        {
            visibility = Visibility.Private;
        }

        var result = await store.ListAsync(
            new PackageListQuery(owner.Id, type, visibility, scope, page, perPage, CountLimit: MaxListResults), cancellationToken);
        var repositoryIds = result.Items.Select(i => i.Package.RepositoryId).OfType<long>().Distinct().ToArray();
        var linked = repositoryIds.Length == 0
            ? new Dictionary<long, Repository>()
            : (await repositories.ListByIdsAsync(repositoryIds, cancellationToken)).ToDictionary(r => r.Id);
        var items = result.Items
            .Select(i => new PackageView(
                i.Package, owner, i.Package.RepositoryId is { } id && linked.TryGetValue(id, out var r) ? r : null, i.VersionCount))
            .ToArray();
        return new PackageListView(items, result.Total);
    }

    public async Task<Outcome<VersionListView>> ListVersionsAsync(
        Principal principal, Account owner, PackageType type, string name, bool deleted, int page, int perPage, CancellationToken cancellationToken)
    {
        var package = await GetAsync(principal, owner, type, name, PackageAction.Read, cancellationToken);
        if (!package.IsOk)
        {
            return package.As<VersionListView>();
        }

        var result = await store.ListVersionsAsync(
            new VersionListQuery(package.Value!.Package.Id, deleted, RestoreCutoff, page, perPage, deleted ? null : package.Value.VersionCount),
            cancellationToken);
        var tags = await TagsOfAsync(type, result.Items, cancellationToken);
        var items = result.Items.Select(v => new VersionView(v, tags.GetValueOrDefault(v.Id) ?? [])).ToArray();
        return new VersionListView(package.Value, items, result.Total);
    }

    public async Task<Outcome<VersionView>> GetVersionAsync(
        Principal principal, Account owner, PackageType type, string name, long versionId, CancellationToken cancellationToken)
    {
        var package = await GetAsync(principal, owner, type, name, PackageAction.Read, cancellationToken);
        if (!package.IsOk)
        {
            return package.As<VersionView>();
        }

        var version = await store.FindVersionAsync(package.Value!.Package.Id, versionId, cancellationToken);
        if (version is null || (version.DeletedAt is { } deletedAt && deletedAt < RestoreCutoff))
        {
            return Outcome<VersionView>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
        }

        var tags = await TagsOfAsync(type, [version], cancellationToken);
        return new VersionView(version, tags.GetValueOrDefault(version.Id) ?? []);
    }

    /// <summary>Soft-deletes a package (restorable for the restore window); refused for popular public packages.</summary>
    public async Task<Outcome<PackageView>> DeletePackageAsync(
        Principal principal, Account owner, PackageType type, string name, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Delete, cancellationToken);
        if (!found.IsOk)
        {
            return found;
        }

        var package = found.Value!.Package;
        if (IsPublic(found.Value) && await MaxDownloadsAsync(package.Id, cancellationToken) > _options.PublicDeletionDownloadLimit)
        {
            return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, PackageMessages.TooManyDownloads);
        }

        await store.SoftDeletePackageAsync(package.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return found;
    }

    public async Task<Outcome<Package>> RestorePackageAsync(
        Principal principal, Account owner, PackageType type, string name, CancellationToken cancellationToken)
    {
        var key = PackageNames.Key(name);
        var package = await store.FindDeletedAsync(owner.Id, type, key, RestoreCutoff, cancellationToken);
        if (package is null)
        {
            return Outcome<Package>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
        }

        var decision = policy.Decide(principal, await loader.LoadAsync(principal, owner, type, package, null, cancellationToken), PackageAction.Restore);
        if (!decision.IsAllowed)
        {
            return Outcome<Package>.From(decision);
        }

        return await store.TryRestorePackageAsync(package.Id, clock.GetUtcNow().UtcDateTime, cancellationToken)
            ? package
            : Outcome<Package>.Fail(OutcomeStatus.Conflict, PackageMessages.PackageNameReused);
    }

    /// <summary>
    /// Soft-deletes one version (the REST API's rule). The last version (for containers: the last tagged one) must go
    /// with its package, and a popular public version cannot go at all.
    /// </summary>
    public Task<Outcome<PackageVersion>> DeleteVersionAsync(
        Principal principal, Account owner, PackageType type, string name, long versionId, CancellationToken cancellationToken) =>
        DeleteVersionAsync(principal, owner, type, name, versionId, asRegistry: false, cancellationToken);

    /// <summary>
    /// Soft-deletes one version as a registry's manifest DELETE, which OCI clients expect to succeed: any version goes,
    /// the last tagged one too, and the last live one takes its package along under the package's deletion rule, so
    /// that a restore brings the package back whole. A popular public version cannot go at all.
    /// </summary>
    public Task<Outcome<PackageVersion>> DeleteVersionAsRegistryAsync(
        Principal principal, Account owner, PackageType type, string name, long versionId, CancellationToken cancellationToken) =>
        DeleteVersionAsync(principal, owner, type, name, versionId, asRegistry: true, cancellationToken);

    private async Task<Outcome<PackageVersion>> DeleteVersionAsync(
        Principal principal, Account owner, PackageType type, string name, long versionId, bool asRegistry, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Delete, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<PackageVersion>();
        }

        var package = found.Value!.Package;
        var version = await store.FindVersionAsync(package.Id, versionId, cancellationToken);
        if (version is null || version.DeletedAt is not null)
        {
            return Outcome<PackageVersion>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
        }

        if (IsPublic(found.Value) && version.DownloadCount + downloads.Pending(version.Id) > _options.PublicDeletionDownloadLimit)
        {
            return Outcome<PackageVersion>.Fail(OutcomeStatus.Invalid, PackageMessages.TooManyDownloads);
        }

        if (asRegistry)
        {
            if (found.Value.VersionCount <= 1)
            {
                if (IsPublic(found.Value) && await MaxDownloadsAsync(package.Id, cancellationToken) > _options.PublicDeletionDownloadLimit)
                {
                    return Outcome<PackageVersion>.Fail(OutcomeStatus.Invalid, PackageMessages.TooManyDownloads);
                }

                await store.SoftDeletePackageAsync(package.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
                return version;
            }
        }
        else if (type == PackageType.Container)
        {
            var tags = await store.ListTagsAsync([version.Id], cancellationToken);
            if (tags.TryGetValue(version.Id, out var own) && own.Count > 0 &&
                await store.CountTaggedActiveVersionsAsync(package.Id, cancellationToken) <= 1)
            {
                return Outcome<PackageVersion>.Fail(OutcomeStatus.Invalid, PackageMessages.LastTaggedVersion);
            }
        }
        else if (found.Value.VersionCount <= 1)
        {
            return Outcome<PackageVersion>.Fail(OutcomeStatus.Invalid, PackageMessages.LastVersion);
        }

        await store.SoftDeleteVersionAsync(version.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return version;
    }

    public async Task<Outcome<PackageVersion>> RestoreVersionAsync(
        Principal principal, Account owner, PackageType type, string name, long versionId, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Restore, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<PackageVersion>();
        }

        var version = await store.FindVersionAsync(found.Value!.Package.Id, versionId, cancellationToken);
        if (version?.DeletedAt is not { } deletedAt || deletedAt < RestoreCutoff)
        {
            return Outcome<PackageVersion>.Fail(OutcomeStatus.NotFound, PackageMessages.NotFound);
        }

        return await store.TryRestoreVersionAsync(version.Id, clock.GetUtcNow().UtcDateTime, cancellationToken)
            ? version
            : Outcome<PackageVersion>.Fail(OutcomeStatus.Conflict, PackageMessages.VersionNameReused);
    }

    /// <summary>Visibility, linked repository and inheritance: Wharf's API for what GitHub does in its web UI.</summary>
    public async Task<Outcome<PackageView>> ChangeSettingsAsync(
        Principal principal, Account owner, PackageType type, string name, PackageSettingsChange change, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Admin, cancellationToken);
        if (!found.IsOk)
        {
            return found;
        }

        var package = found.Value!.Package;
        var repository = found.Value.Repository;
        var repositoryScoped = policy.ModelOf(type) == PermissionModel.RepositoryScoped;
        if (change.Visibility is { } visibility && visibility != package.Visibility)
        {
            if (repositoryScoped)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid,
                    "This package takes its visibility from its repository; change the repository's visibility instead.");
            }

            if (package.Visibility == Visibility.Public)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, PackageMessages.PublicIsFinal);
            }

            if (visibility == Visibility.Internal && !owner.IsOrganization)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, "Only packages owned by an organization can be internal.");
            }

            package.Visibility = visibility;
        }

        if (change.UnlinkRepository)
        {
            if (repositoryScoped)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, "A repository-scoped package cannot be unlinked from its repository.");
            }

            package.RepositoryId = null;
            package.InheritAccess = false;
            repository = null;
        }
        else if (change.RepositoryName is { } repositoryName)
        {
            repository = await repositories.FindAsync(owner.Id, repositoryName.ToLowerInvariant(), cancellationToken);
            if (repository is null)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, $"Repository '{owner.Login}/{repositoryName}' does not exist.");
            }

            package.RepositoryId = repository.Id;
            if (repositoryScoped)
            {
                package.Visibility = repository.Visibility;
            }
        }

        if (change.InheritAccess is { } inherit)
        {
            if (inherit && package.RepositoryId is null)
            {
                return Outcome<PackageView>.Fail(OutcomeStatus.Invalid, "Link a repository before inheriting its access.");
            }

            package.InheritAccess = inherit;
        }

        package.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await store.UpdatePackageAsync(package, cancellationToken);
        return found.Value with { Repository = repository };
    }

    public async Task<Outcome<IReadOnlyList<PackageGrant>>> ListGrantsAsync(
        Principal principal, Account owner, PackageType type, string name, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Admin, cancellationToken);
        return found.IsOk
            ? new Outcome<IReadOnlyList<PackageGrant>>(OutcomeStatus.Ok, await store.ListGrantsAsync(found.Value!.Package.Id, cancellationToken))
            : found.As<IReadOnlyList<PackageGrant>>();
    }

    /// <summary>
    /// Grants a role to a user or a team. Teams only on organization packages; on private or internal organization
    /// packages only members can be granted (behaviour §1.1).
    /// </summary>
    public async Task<Outcome<PackageGrant>> GrantAsync(
        Principal principal, Account owner, PackageType type, string name, Account? user, Team? team, PackageRole role, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Admin, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<PackageGrant>();
        }

        var package = found.Value!.Package;
        if (policy.ModelOf(type) == PermissionModel.RepositoryScoped)
        {
            return Outcome<PackageGrant>.Fail(OutcomeStatus.Invalid,
                "This package takes its access from its repository; add a collaborator to the repository instead.");
        }

        if (package.InheritAccess)
        {
            return Outcome<PackageGrant>.Fail(OutcomeStatus.Invalid,
                "This package inherits access from its repository; turn inheritance off before granting access.");
        }

        if (team is not null && (!owner.IsOrganization || team.OrganizationId != owner.Id))
        {
            return Outcome<PackageGrant>.Fail(OutcomeStatus.Invalid, "Only teams of the owning organization can be granted access.");
        }

        if (user is not null && owner.IsOrganization && package.Visibility != Visibility.Public &&
            await accounts.FindMembershipAsync(owner.Id, user.Id, cancellationToken) is null)
        {
            return Outcome<PackageGrant>.Fail(OutcomeStatus.Invalid,
                "Only members of the organization can be granted access to a private or internal package.");
        }

        var grant = new PackageGrant
        {
            PackageId = package.Id,
            UserId = user?.Id,
            TeamId = team?.Id,
            Role = role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await store.SetGrantAsync(grant, cancellationToken);
        return grant;
    }

    public async Task<Outcome<bool>> RevokeAsync(
        Principal principal, Account owner, PackageType type, string name, Account? user, Team? team, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, owner, type, name, PackageAction.Admin, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<bool>();
        }

        return await store.RemoveGrantAsync(found.Value!.Package.Id, user?.Id, team?.Id, cancellationToken)
            ? true
            : Outcome<bool>.Fail(OutcomeStatus.NotFound, "No such grant.");
    }

    /// <summary>Docker packages that could not move to the Container registry, as far as the caller can read them.</summary>
    public async Task<IReadOnlyList<PackageView>> ListMigrationConflictsAsync(Principal principal, Account owner, CancellationToken cancellationToken)
    {
        var scope = await loader.ReadScopeAsync(principal, owner, PackageType.Docker, cancellationToken);
        var items = await store.ListMigrationConflictsAsync(owner.Id, scope, cancellationToken);
        return items.Select(i => new PackageView(i.Package, owner, null, i.VersionCount)).ToArray();
    }

    /// <summary>Records one download; the count reaches the database in the next flush.</summary>
    public void CountDownload(long versionId) => downloads.Record(versionId);

    private bool IsPublic(PackageView view) =>
        (policy.ModelOf(view.Package.Type) == PermissionModel.RepositoryScoped && view.Repository is not null
            ? view.Repository.Visibility
            : view.Package.Visibility) == Visibility.Public;

    private async Task<long> MaxDownloadsAsync(long packageId, CancellationToken cancellationToken)
    {
        // Write this node's pending counts first so the rule sees every download counted here.
        await downloads.FlushAsync(store, cancellationToken);
        return await store.MaxVersionDownloadsAsync(packageId, cancellationToken);
    }

    private async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> TagsOfAsync(
        PackageType type, IReadOnlyList<PackageVersion> versions, CancellationToken cancellationToken) =>
        type is PackageType.Container or PackageType.Docker && versions.Count > 0
            ? await store.ListTagsAsync(versions.Select(v => v.Id).ToArray(), cancellationToken)
            : new Dictionary<long, IReadOnlyList<string>>();
}
