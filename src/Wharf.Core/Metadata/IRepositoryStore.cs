using Wharf.Core.Repositories;

namespace Wharf.Core.Metadata;

/// <summary>Repositories, their collaborators and team grants.</summary>
public interface IRepositoryStore
{
    Task<Repository?> FindAsync(long ownerId, string name, CancellationToken cancellationToken);

    Task<Repository?> FindByIdAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Repository>> ListByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>How many public repositories the account owns.</summary>
    Task<int> CountPublicAsync(long ownerId, CancellationToken cancellationToken);

    /// <summary>Adds the repository; false when the owner already has one by that name.</summary>
    Task<bool> TryAddAsync(Repository repository, CancellationToken cancellationToken);

    /// <summary>Saves changes; false when a rename collides with another repository of the owner.</summary>
    Task<bool> TryUpdateAsync(Repository repository, CancellationToken cancellationToken);

    /// <summary>Deletes the repository and its grants; linked packages lose the link.</summary>
    Task DeleteAsync(long repositoryId, CancellationToken cancellationToken);

    Task SetCollaboratorAsync(long repositoryId, long userId, RepositoryPermission permission, CancellationToken cancellationToken);

    Task<bool> RemoveCollaboratorAsync(long repositoryId, long userId, CancellationToken cancellationToken);

    Task SetTeamGrantAsync(long teamId, long repositoryId, RepositoryPermission permission, CancellationToken cancellationToken);

    Task<bool> RemoveTeamGrantAsync(long teamId, long repositoryId, CancellationToken cancellationToken);
}
