namespace Wharf.Core.Archives;

/// <summary>Entry names that stay inside the folder an archive is unpacked into ("zip slip").</summary>
internal static class ArchivePath
{
    /// <summary>
    /// False for a name that is empty, holds a NUL, is rooted ('/' or '\'), starts with a drive ("C:"), or has a ".."
    /// segment with either separator: any of them would let a later extraction write outside its folder.
    /// </summary>
    public static bool IsContained(string name)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var path = Normalize(name);
        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':'))
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One separator, so "a\b" and "a/b" are the same entry.</summary>
    public static string Normalize(string name) => name.Replace('\\', '/');
}
