namespace Wharf.Registries.Npm;

/// <summary>A publish or metadata document that is not what npm sends; the message is the client's 400.</summary>
public sealed class NpmDocumentException : Exception
{
    public NpmDocumentException()
        : base("The document is not valid JSON.")
    {
    }

    public NpmDocumentException(string message)
        : base(message)
    {
    }

    public NpmDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
