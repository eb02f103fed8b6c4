namespace Wharf.Core.Access;

/// <summary>GitHub Packages' two permission families.</summary>
public enum PermissionModel
{
    /// <summary>The package takes the linked repository's roles and visibility, and tokens need the repo scope.</summary>
    RepositoryScoped = 0,

    /// <summary>The package has its own visibility and grants, optionally inheriting the linked repository's roles.</summary>
    Granular = 1,
}
