namespace Wharf.Core.Repositories;

/// <summary>Visibility of a repository or of a granular package.</summary>
public enum Visibility
{
    Public = 0,
    Private = 1,

    /// <summary>Readable by every member of the owning organization.</summary>
    Internal = 2,
}
