namespace Wharf.Core.Access;

public enum AccessOutcome
{
    Allow = 0,

    /// <summary>No usable credentials, where the surface demands them.</summary>
    DenyAsUnauthenticated = 1,

    /// <summary>The caller may not read the package: say it does not exist.</summary>
    DenyAsNotFound = 2,

    /// <summary>The caller can see the package but lacks a scope or a role for this action.</summary>
    DenyAsForbidden = 3,
}
