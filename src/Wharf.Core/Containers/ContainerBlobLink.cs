namespace Wharf.Core.Containers;

/// <summary>
/// A blob pushed to (or mounted into) one image. Blobs are stored once for everyone, but a client sees a blob only
/// through an image it can read: the link keeps one image's layers from being probed through another.
/// </summary>
public sealed class ContainerBlobLink
{
    public long Id { get; set; }

    public long OwnerId { get; set; }

    /// <summary>The image name after the owner, lower case.</summary>
    public string Repository { get; set; } = "";

    /// <summary>Lower-case hex SHA-256.</summary>
    public string Digest { get; set; } = "";

    public long Size { get; set; }

    public DateTime CreatedAt { get; set; }
}
