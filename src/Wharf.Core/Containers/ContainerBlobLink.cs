namespace Wharf.Core.Containers;

/// <summary>
/// A blob pushed to (or mounted into) one image. Blobs are stored once for everyone, but a client sees a blob only
/// through an image it can read: the link keeps one image's layers from being probed through another. Each pusher
/// has their own link, because before an image's first manifest only the one who uploaded a blob may read it; a
/// package's soft delete drops its image's links, so whoever pushes the freed name next cannot reuse its layers.
/// </summary>
public sealed class ContainerBlobLink
{
    public const long NoUser = 0;

    public long Id { get; set; }

    public long OwnerId { get; set; }

    /// <summary>The image name after the owner, lower case.</summary>
    public string Repository { get; set; } = "";

    /// <summary>Lower-case hex SHA-256.</summary>
    public string Digest { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Who uploaded or mounted the blob here; <see cref="NoUser"/> for links Wharf made itself (a restore).</summary>
    public long UserId { get; set; }

    public DateTime CreatedAt { get; set; }
}
