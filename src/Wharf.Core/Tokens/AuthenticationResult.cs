using Wharf.Core.Access;

namespace Wharf.Core.Tokens;

public enum AuthenticationStatus
{
    Authenticated = 0,

    /// <summary>Unknown, malformed, revoked or expired token: GitHub's "Bad credentials".</summary>
    BadCredentials = 1,

    /// <summary>The token is valid but its user is suspended.</summary>
    Suspended = 2,
}

public sealed record AuthenticationResult(AuthenticationStatus Status, Principal Principal)
{
    public static readonly AuthenticationResult Bad = new(AuthenticationStatus.BadCredentials, Principal.Anonymous);
    public static readonly AuthenticationResult SuspendedUser = new(AuthenticationStatus.Suspended, Principal.Anonymous);
}
