namespace Wharf.Core.Access;

/// <summary>What a caller wants to do with a package.</summary>
public enum PackageAction
{
    /// <summary>Download, install, pull, read metadata.</summary>
    Read = 0,

    /// <summary>Publish new versions, move tags, change metadata.</summary>
    Write = 1,

    Delete = 2,

    Restore = 3,

    /// <summary>Change visibility, linked repository, inheritance and grants.</summary>
    Admin = 4,
}
