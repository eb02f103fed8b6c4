namespace Wharf.Core.Containers;

/// <summary>
/// An OCI blob upload session. Its state lives in the database and its bytes so far in an upload file, so a
/// session survives a restart of Wharf (or moves to another node that shares the data folder) and resumes.
/// </summary>
public sealed class ContainerUpload
{
    /// <summary>The session id in upload URLs: 32 random hex characters.</summary>
    public string Id { get; set; } = "";

    public long OwnerId { get; set; }

    /// <summary>The image name after the owner, lower case (<c>team/app</c>).</summary>
    public string Repository { get; set; } = "";

    public long? UserId { get; set; }

    /// <summary>Bytes received so far (recorded when a chunk completes); the next chunk must start here.</summary>
    public long Offset { get; set; }

    /// <summary>
    /// Set when the bytes so far went straight into the blob store (a first chunk is usually the whole blob): the hex
    /// SHA-256 they hashed to. Null while the bytes wait in the upload file.
    /// </summary>
    public string? Digest { get; set; }

    /// <summary>
    /// The request streaming into the session now (see <c>UploadClaim</c>), or null. Its claim lasts while
    /// <see cref="UpdatedAt"/> is within <see cref="ContainerOptions.UploadClaimLease"/>.
    /// </summary>
    public string? ClaimId { get; set; }

    /// <summary>
    /// The server process that holds <see cref="ClaimId"/> (<c>ServerInstance.Holder</c>): a claim of a process that no
    /// longer runs is taken over at once, without waiting for its lease to run out.
    /// </summary>
    public string? ClaimHolder { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The last change or claim renewal: what expiry and stale claims are measured from.</summary>
    public DateTime UpdatedAt { get; set; }
}
