namespace Wharf.Core.Repositories;

public sealed class RepositoryCollaborator
{
    public long RepositoryId { get; set; }

    public long UserId { get; set; }

    public RepositoryPermission Permission { get; set; }
}
