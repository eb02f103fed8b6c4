namespace Wharf.Core.Repositories;

/// <summary>A repository: only what packages need of it (permissions, visibility, a link target).</summary>
public sealed class Repository
{
    public long Id { get; set; }

    public long OwnerId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Lower-case name: repository names are unique per owner without regard to case.</summary>
    public string NameKey { get; set; } = "";

    public string? Description { get; set; }

    public Visibility Visibility { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsPrivate => Visibility != Visibility.Public;
}
