using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>
/// Publishes versions. A registry first asks <see cref="AuthorizeAsync"/> (so no bytes are stored for a caller who
/// may not publish), streams the files into the blob store, then calls <see cref="PublishAsync"/>, which records
/// the version and all its files in one transaction: a crash leaves the whole version or nothing. What it stored for
/// a publish that did not happen goes back through <see cref="Blobs.BlobReclaimer"/>.
/// </summary>
public sealed class PackagePublisher(IPackageStore store, PackageAccessLoader loader, AccessPolicy policy, TimeProvider clock)
{
    /// <summary>May the caller publish a version of this package (creating it if it does not exist)?</summary>
    public async Task<AccessDecision> AuthorizeAsync(
        Principal principal, Account owner, PackageType type, string name, Repository? repository, CancellationToken cancellationToken)
    {
        var existing = await store.FindActiveAsync(owner.Id, type, PackageNames.Key(name), cancellationToken);
        if (existing is not null)
        {
            var facts = await loader.LoadAsync(principal, owner, type, existing, null, cancellationToken);
            return policy.Decide(principal, facts, PackageAction.Write);
        }

        var creation = await loader.LoadCreationAsync(principal, owner, type, LinkableRepository(owner, repository), cancellationToken);
        return policy.DecideCreate(principal, creation);
    }

    /// <summary>
    /// Is the caller the owning user, or an admin of the owning organization? Such a caller sees what a namespace holds
    /// before anything is published there (a container image's uploaded blobs).
    /// </summary>
    public async Task<bool> AdministersOwnerAsync(Principal principal, Account owner, PackageType type, CancellationToken cancellationToken)
    {
        if (!principal.IsAuthenticated)
        {
            return false;
        }

        var facts = await loader.LoadAsync(principal, owner, type, null, null, cancellationToken);
        return !facts.SsoBlocked && (facts.CallerIsOwner || facts.CallerOrganizationRole == OrganizationRole.Admin);
    }

    /// <summary>
    /// May the caller publish a version of this package, whichever repository the publish will name? For a registry
    /// that must decide before the manifest naming the repository has arrived (a tarball sent first): a denial is
    /// final; an allowance must be followed by <see cref="AuthorizeAsync"/> once the repository is known.
    /// </summary>
    public async Task<AccessDecision> AuthorizeBeforeLinkAsync(
        Principal principal, Account owner, PackageType type, string name, CancellationToken cancellationToken)
    {
        var existing = await store.FindActiveAsync(owner.Id, type, PackageNames.Key(name), cancellationToken);
        if (existing is not null)
        {
            var facts = await loader.LoadAsync(principal, owner, type, existing, null, cancellationToken);
            return policy.Decide(principal, facts, PackageAction.Write);
        }

        var creation = await loader.LoadCreationAsync(principal, owner, type, null, cancellationToken);
        return policy.DecideCreateBeforeLink(principal, creation);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Version))
        {
            return PublishResult.Reject("A package needs a name and a version.");
        }

        // Two publishers may race to create the package; the loser reloads it and publishes into it.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var decision = await AuthorizeAsync(request.Principal, request.Owner, request.Type, request.Name, request.Repository, cancellationToken);
            if (!decision.IsAllowed)
            {
                return PublishResult.Deny(decision);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var package = await store.FindActiveAsync(request.Owner.Id, request.Type, PackageNames.Key(request.Name), cancellationToken)
                ?? NewPackage(request, now);
            var version = new PackageVersion
            {
                Name = request.Version,
                Description = request.Description,
                License = request.License,
                Metadata = request.Metadata,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var files = request.Files.Select(f => new PackageFile
            {
                Name = f.Name,
                ContentType = f.ContentType,
                Size = f.Blob.Length,
                Sha256 = f.Blob.Sha256,
                Sha1 = f.Blob.Sha1,
                Sha512 = f.Blob.Sha512,
                CreatedAt = now,
            }).ToArray();

            // The first publisher of a granular package becomes its admin (behaviour §1.1).
            var creatorGrant = package.Id == 0 && policy.ModelOf(request.Type) == PermissionModel.Granular && request.Principal.UserId is { } userId
                ? new PackageGrant { UserId = userId, Role = PackageRole.Admin, CreatedAt = now }
                : null;

            var outcome = await store.AddVersionAsync(new NewVersionRecord(package, version, files, creatorGrant, request.Tags), cancellationToken);
            switch (outcome)
            {
                case NewVersionOutcome.Created:
                    return new PublishResult(PublishStatus.Published, package, version);
                case NewVersionOutcome.VersionExists:
                    return new PublishResult(PublishStatus.VersionExists, package, Message: "Cannot publish over existing version");
                case NewVersionOutcome.PackageRaced:
                    continue;
            }
        }

        throw new InvalidOperationException("The package was created and deleted repeatedly while publishing.");
    }

    private Package NewPackage(PublishRequest request, DateTime now)
    {
        var repository = LinkableRepository(request.Owner, request.Repository);
        var repositoryScoped = policy.ModelOf(request.Type) == PermissionModel.RepositoryScoped;
        return new Package
        {
            OwnerId = request.Owner.Id,
            Type = request.Type,
            Name = request.Name,
            NameKey = PackageNames.Key(request.Name),
            RepositoryId = repository?.Id,

            // Granular packages start private (behaviour §1.4); repository-scoped ones follow their repository.
            Visibility = repositoryScoped && repository is not null ? repository.Visibility : Visibility.Private,

            // Linking at first publish switches inheritance on, unless the organization turned that default off.
            InheritAccess = repository is not null && !repositoryScoped && (!request.Owner.IsOrganization || request.Owner.InheritAccessByDefault),
            Description = request.Description,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A package can only be linked to a repository of its own owner.</summary>
    private static Repository? LinkableRepository(Account owner, Repository? repository) =>
        repository is not null && repository.OwnerId == owner.Id ? repository : null;
}
