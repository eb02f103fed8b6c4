namespace Wharf.Core.Repositories;

public sealed class TeamRepositoryGrant
{
    public long TeamId { get; set; }

    public long RepositoryId { get; set; }

    public RepositoryPermission Permission { get; set; }
}
