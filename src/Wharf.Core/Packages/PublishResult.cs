using Wharf.Core.Access;

namespace Wharf.Core.Packages;

public enum PublishStatus
{
    Published = 0,

    /// <summary>That version exists: publishing over it is refused (npm's 409, NuGet's 409).</summary>
    VersionExists = 1,

    Denied = 2,

    Invalid = 3,
}

public sealed record PublishResult(PublishStatus Status, Package? Package = null, PackageVersion? Version = null, AccessDecision? Decision = null, string? Message = null)
{
    public static PublishResult Deny(AccessDecision decision) => new(PublishStatus.Denied, Decision: decision, Message: decision.Message);

    public static PublishResult Reject(string message) => new(PublishStatus.Invalid, Message: message);
}
