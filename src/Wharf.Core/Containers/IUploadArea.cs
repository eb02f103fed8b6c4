namespace Wharf.Core.Containers;

/// <summary>Where the bytes of unfinished upload sessions wait, one file per session id.</summary>
public interface IUploadArea
{
    /// <summary>Opens the session's file for appending at <paramref name="offset"/>, truncating anything beyond it.</summary>
    Stream OpenAppend(string uploadId, long offset);

    /// <summary>Opens the session's bytes for reading, or null when there are none.</summary>
    Stream? OpenRead(string uploadId);

    /// <summary>The number of bytes on disk for the session (0 when none).</summary>
    long Length(string uploadId);

    void Delete(string uploadId);

    /// <summary>Session ids with bytes on disk, for garbage collection.</summary>
    IEnumerable<string> List();
}
