namespace Wharf.Api.Http;

/// <summary>
/// Configuration section <c>RateLimit</c>: GitHub's primary REST rate limit, per token (or per address for
/// anonymous calls) in an hourly window. 0 turns a limit off. The defaults are generous; GitHub's are 5,000 and 60.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int TokenRequestsPerHour { get; set; } = 15_000;

    public int AnonymousRequestsPerHour { get; set; } = 600;

    /// <summary>403 (GitHub's usual answer for the primary limit) or 429.</summary>
    public int ExceededStatus { get; set; } = 403;
}
