namespace Wharf.Core.Repositories;

/// <summary>GitHub's repository roles, ordered so that a higher value includes the lower ones.</summary>
public enum RepositoryPermission
{
    None = 0,
    Read = 1,
    Triage = 2,
    Write = 3,
    Maintain = 4,
    Admin = 5,
}
