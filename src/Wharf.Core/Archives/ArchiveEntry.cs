namespace Wharf.Core.Archives;

/// <summary>One file or directory of an archive, as its header declares it, with a way to read its data.</summary>
public sealed class ArchiveEntry
{
    private readonly Func<Stream> _open;

    internal ArchiveEntry(string name, ArchiveEntryType type, long length, Func<Stream> open)
    {
        Name = name;
        Type = type;
        Length = length;
        _open = open;
    }

    /// <summary>The name as the archive spells it (for a tar, after PAX and GNU long names are applied).</summary>
    public string Name { get; }

    public ArchiveEntryType Type { get; }

    /// <summary>The size the archive declares, already checked against the limits; the data read never exceeds it.</summary>
    public long Length { get; }

    /// <summary>
    /// The entry's data. From a tar: the current entry from where its reading stands, until the reader moves on. From a
    /// zip: the entry from its start, failing with <see cref="ArchiveFormatException"/> if it unpacks to more or fewer
    /// bytes than <see cref="Length"/>.
    /// </summary>
    public Stream Open() => _open();
}
