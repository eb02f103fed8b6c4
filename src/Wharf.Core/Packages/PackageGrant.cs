namespace Wharf.Core.Packages;

/// <summary>A role on a granular package given to a user or to a team of the owning organization.</summary>
public sealed class PackageGrant
{
    public long Id { get; set; }

    public long PackageId { get; set; }

    public long? UserId { get; set; }

    public long? TeamId { get; set; }

    public PackageRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
