using System.Text.Json.Nodes;
using Wharf.Core.Blobs;

namespace Wharf.Registries.Npm;

/// <summary>
/// A publish (or metadata) document as <see cref="NpmDocumentReader"/> delivers it: the top-level members as JSON, and
/// for the one tarball its name, declared length and the stored blob.
/// </summary>
public sealed class NpmPublishDocument
{
    private readonly Dictionary<string, JsonNode?> _members = new(StringComparer.Ordinal);

    public JsonNode? this[string member] => _members.GetValueOrDefault(member);

    /// <summary>The document's <c>versions</c> member, once read.</summary>
    public JsonObject? Versions => this["versions"] as JsonObject;

    public bool HasVersions => _members.ContainsKey("versions");

    /// <summary>The attachment's key (npm's: <c>@scope/name-1.0.0.tgz</c>), once its data was seen.</summary>
    public string? AttachmentName { get; private set; }

    /// <summary>The attachment's declared <c>length</c>, when given.</summary>
    public long? AttachmentLength { get; private set; }

    /// <summary>The attachment's bytes in the blob store, with SHA-1 and SHA-512.</summary>
    public BlobWriteResult? Tarball { get; private set; }

    /// <summary>True when the digests were checked while the bytes were read (the metadata came first).</summary>
    public bool TarballVerified { get; private set; }

    public int AttachmentCount { get; private set; }

    public void Add(string member, JsonNode? value)
    {
        // A second "versions" after the authorization would publish what was not checked.
        if (!_members.TryAdd(member, value))
        {
            throw new NpmDocumentException($"The document has \"{member}\" twice.");
        }
    }

    public void AddAttachmentMember(string attachment, string member, JsonNode? value)
    {
        if (member == "length" && value is JsonValue length && length.TryGetValue<long>(out var declared))
        {
            if (AttachmentName is not null && attachment != AttachmentName)
            {
                throw new NpmDocumentException("A publish carries exactly one tarball in _attachments.");
            }

            AttachmentLength = declared;
        }
    }

    /// <summary>Notes that an attachment's data begins; a second one is refused.</summary>
    public void BeginAttachment(string attachment)
    {
        if (++AttachmentCount > 1)
        {
            throw new NpmDocumentException("A publish carries exactly one tarball in _attachments.");
        }

        AttachmentName = attachment;
    }

    public void SetTarball(BlobWriteResult blob, bool verified)
    {
        Tarball = blob;
        TarballVerified = verified;
    }
}
