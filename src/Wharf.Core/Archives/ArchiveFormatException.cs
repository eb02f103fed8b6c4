namespace Wharf.Core.Archives;

/// <summary>
/// An archive that is malformed or passes one of its <see cref="ArchiveLimits"/>. The message is one printable line
/// that a registry can hand to its client as the reason for a 400.
/// </summary>
public sealed class ArchiveFormatException : Exception
{
    private const int MaxQuotedLength = 120;

    public ArchiveFormatException()
        : base("The archive is malformed.")
    {
    }

    public ArchiveFormatException(string message)
        : base(message)
    {
    }

    public ArchiveFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// A name taken from an archive, made fit for a message: quoted, control characters replaced and cut short, so that
    /// an entry name cannot break the client's output or the log line.
    /// </summary>
    internal static string Quote(string name)
    {
        var shown = name.Length > MaxQuotedLength ? name[..MaxQuotedLength] + "…" : name;
        return "\"" + string.Create(shown.Length, shown, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        }) + "\"";
    }
}
