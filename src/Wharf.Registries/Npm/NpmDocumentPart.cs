namespace Wharf.Registries.Npm;

/// <summary>What <see cref="NpmDocumentReader.ReadAsync"/> found next in a publish document.</summary>
public enum NpmDocumentPart
{
    /// <summary>A top-level member other than <c>_attachments</c>: <see cref="NpmDocumentReader.PropertyName"/> and its value.</summary>
    Property = 0,

    /// <summary>A member of one attachment other than its data (<c>content_type</c>, <c>length</c>).</summary>
    AttachmentProperty = 1,

    /// <summary>An attachment's base64 data: read it with <see cref="NpmDocumentReader.OpenAttachmentData"/>.</summary>
    AttachmentData = 2,

    /// <summary>The document ended, and nothing but white space followed it.</summary>
    End = 3,
}
