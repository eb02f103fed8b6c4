using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>A package: (owner, type, name). Deleting is soft; the name is free again while it is deleted.</summary>
public sealed class Package
{
    public long Id { get; set; }

    public long OwnerId { get; set; }

    public PackageType Type { get; set; }

    /// <summary>The name as GitHub's REST API shows it (npm without the scope, container with its slashes).</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case name: the unique key among the owner's active packages of this type.</summary>
    public string NameKey { get; set; } = "";

    public long? RepositoryId { get; set; }

    /// <summary>The package's own visibility (granular types); repository-scoped types follow the repository.</summary>
    public Visibility Visibility { get; set; } = Visibility.Private;

    /// <summary>Granular types: the linked repository's roles also apply to the package.</summary>
    public bool InheritAccess { get; set; }

    /// <summary>Docker packages that could not move to the Container registry because the name was taken.</summary>
    public bool MigrationConflict { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }
}
