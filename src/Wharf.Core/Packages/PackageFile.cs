namespace Wharf.Core.Packages;

/// <summary>A file of a version; its bytes live in the blob store under <see cref="Sha256"/>.</summary>
public sealed class PackageFile
{
    public long Id { get; set; }

    public long VersionId { get; set; }

    public string Name { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256: the blob's address.</summary>
    public string Sha256 { get; set; } = "";

    public string? Sha1 { get; set; }

    public string? Sha512 { get; set; }

    public string? ContentType { get; set; }

    public DateTime CreatedAt { get; set; }
}
