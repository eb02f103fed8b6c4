namespace Wharf.Core.Packages;

/// <summary>One published artifact set: an npm/maven/gem/nuget version, or a container manifest digest.</summary>
public sealed class PackageVersion
{
    public long Id { get; set; }

    public long PackageId { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? License { get; set; }

    /// <summary>Registry-specific metadata as JSON, owned by the registry that published the version.</summary>
    public string? Metadata { get; set; }

    /// <summary>Container tags this version held when it was deleted, given back on restore where still free.</summary>
    public string? DetachedTags { get; set; }

    public long DownloadCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }
}
