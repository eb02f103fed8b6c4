namespace Wharf.Core.Outcomes;

/// <summary>How a core operation ended; each surface turns it into its own protocol's answer.</summary>
public enum OutcomeStatus
{
    Ok = 0,
    Unauthenticated = 1,
    NotFound = 2,
    Forbidden = 3,

    /// <summary>The request breaks a rule (GitHub answers 400 or 422).</summary>
    Invalid = 4,

    /// <summary>The request collides with existing state (a taken name, a reused namespace).</summary>
    Conflict = 5,
}
