using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Outcomes;
using Wharf.Core.Packages;

namespace Wharf.Core.Repositories;

/// <summary>Repositories as far as packages need them: existence, visibility, and who holds which role.</summary>
public sealed class RepositoryService(
    IRepositoryStore repositories, IPackageStore packages, IAccessFactsStore facts, AccessPolicy policy, TimeProvider clock)
{
    public async Task<Outcome<Repository>> CreateAsync(Account owner, string name, Visibility visibility, string? description, CancellationToken cancellationToken)
    {
        if (!RepositoryNameRules.IsValid(name))
        {
            return Outcome<Repository>.Fail(OutcomeStatus.Invalid, "name is invalid: use letters, digits, '.', '-' and '_'");
        }

        if (visibility == Visibility.Internal && !owner.IsOrganization)
        {
            return Outcome<Repository>.Fail(OutcomeStatus.Invalid, "Only organization repositories can be internal");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var repository = new Repository
        {
            OwnerId = owner.Id,
            Name = name,
            NameKey = name.ToLowerInvariant(),
            Description = description,
            Visibility = visibility,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await repositories.TryAddAsync(repository, cancellationToken)
            ? repository
            : Outcome<Repository>.Fail(OutcomeStatus.Invalid, "name already exists on this account");
    }

    public Task<Repository?> FindAsync(Account owner, string name, CancellationToken cancellationToken) =>
        repositories.FindAsync(owner.Id, name.ToLowerInvariant(), cancellationToken);

    /// <summary>The owner's public repositories, as the <c>public_repos</c> count of users and organizations.</summary>
    public Task<int> CountPublicAsync(Account owner, CancellationToken cancellationToken) =>
        repositories.CountPublicAsync(owner.Id, cancellationToken);

    public Task<Repository?> FindByIdAsync(long id, CancellationToken cancellationToken) => repositories.FindByIdAsync(id, cancellationToken);

    /// <summary>The caller's role on the repository, visibility included; <see cref="RepositoryPermission.None"/> hides it.</summary>
    public async Task<RepositoryPermission> PermissionOfAsync(Principal principal, Repository repository, Account owner, CancellationToken cancellationToken)
    {
        var permission = RepositoryPermission.None;
        OrganizationRole? role = null;
        if (principal.UserId is { } userId)
        {
            permission = await facts.FindRepositoryPermissionAsync(repository, userId, cancellationToken);
            if (owner.IsOrganization)
            {
                role = await facts.FindOrganizationRoleAsync(owner.Id, userId, cancellationToken);
            }
        }

        var visible = repository.Visibility == Visibility.Public || (repository.Visibility == Visibility.Internal && role is not null);
        return visible && permission < RepositoryPermission.Read ? RepositoryPermission.Read : permission;
    }

    public async Task<Outcome<Repository>> UpdateAsync(
        Repository repository, string? newName, Visibility? visibility, string? description, bool descriptionGiven, Account owner, CancellationToken cancellationToken)
    {
        if (newName is not null && !RepositoryNameRules.IsValid(newName))
        {
            return Outcome<Repository>.Fail(OutcomeStatus.Invalid, "name is invalid: use letters, digits, '.', '-' and '_'");
        }

        if (visibility == Visibility.Internal && !owner.IsOrganization)
        {
            return Outcome<Repository>.Fail(OutcomeStatus.Invalid, "Only organization repositories can be internal");
        }

        if (newName is not null)
        {
            repository.Name = newName;
            repository.NameKey = newName.ToLowerInvariant();
        }

        if (descriptionGiven)
        {
            repository.Description = description;
        }

        var visibilityChanged = visibility is not null && visibility != repository.Visibility;
        if (visibility is not null)
        {
            repository.Visibility = visibility.Value;
        }

        repository.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!await repositories.TryUpdateAsync(repository, cancellationToken))
        {
            return Outcome<Repository>.Fail(OutcomeStatus.Invalid, "name already exists on this account");
        }

        if (visibilityChanged)
        {
            var repositoryScoped = Enum.GetValues<PackageType>().Where(t => policy.ModelOf(t) == PermissionModel.RepositoryScoped).ToArray();
            await packages.SyncRepositoryVisibilityAsync(repository.Id, repository.Visibility, repositoryScoped, cancellationToken);
        }

        return repository;
    }

    public Task DeleteAsync(Repository repository, CancellationToken cancellationToken) => repositories.DeleteAsync(repository.Id, cancellationToken);

    public Task SetCollaboratorAsync(Repository repository, Account user, RepositoryPermission permission, CancellationToken cancellationToken) =>
        repositories.SetCollaboratorAsync(repository.Id, user.Id, permission, cancellationToken);

    public Task<bool> RemoveCollaboratorAsync(Repository repository, Account user, CancellationToken cancellationToken) =>
        repositories.RemoveCollaboratorAsync(repository.Id, user.Id, cancellationToken);

    public Task SetTeamGrantAsync(Team team, Repository repository, RepositoryPermission permission, CancellationToken cancellationToken) =>
        repositories.SetTeamGrantAsync(team.Id, repository.Id, permission, cancellationToken);

    public Task<bool> RemoveTeamGrantAsync(Team team, Repository repository, CancellationToken cancellationToken) =>
        repositories.RemoveTeamGrantAsync(team.Id, repository.Id, cancellationToken);

    /// <summary>GitHub's permission words: pull, triage, push, maintain, admin (and read/write as aliases).</summary>
    public static RepositoryPermission? ParsePermission(string? word) => word?.ToLowerInvariant() switch
    {
        "pull" or "read" => RepositoryPermission.Read,
        "triage" => RepositoryPermission.Triage,
        "push" or "write" => RepositoryPermission.Write,
        "maintain" => RepositoryPermission.Maintain,
        "admin" => RepositoryPermission.Admin,
        _ => null,
    };
}
