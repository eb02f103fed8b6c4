namespace Wharf.Core.Packages;

/// <summary>A container tag: a movable pointer from a name to one version (manifest digest) of a package.</summary>
public sealed class ContainerTag
{
    public long Id { get; set; }

    public long PackageId { get; set; }

    public long VersionId { get; set; }

    public string Name { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
