namespace Wharf.Core.Archives;

/// <summary>The kinds of entry the bounded readers hand out; links, devices and the like are skipped.</summary>
public enum ArchiveEntryType
{
    File,
    Directory,
}
