namespace Wharf.Core.Accounts;

public sealed class Team
{
    public long Id { get; set; }

    public long OrganizationId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>URL form of the name, unique within the organization.</summary>
    public string Slug { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>"closed" (visible to all members) or "secret".</summary>
    public string Privacy { get; set; } = "closed";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
