using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Wharf.Core.Tokens;

namespace Wharf.Api.Http;

/// <summary>
/// What every REST response carries, whatever the endpoint: request id, media type, API version handling, OAuth
/// scope headers, rate limits, and GitHub's 401 for credentials that were sent but are not valid.
/// </summary>
public sealed class GitHubApiMiddleware(RequestDelegate next, RateLimiter limiter, IOptions<RateLimitOptions> rateLimits)
{
    public const string DefaultApiVersion = "2022-11-28";
    public static readonly IReadOnlySet<string> SupportedApiVersions = new HashSet<string>(StringComparer.Ordinal) { "2022-11-28", "2026-03-10" };

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-GitHub-Request-Id"] = NewRequestId();
        headers["X-GitHub-Media-Type"] = "github.v3; format=json";

        var version = context.Request.Headers["X-GitHub-Api-Version"].ToString();
        if (version.Length > 0 && !SupportedApiVersions.Contains(version))
        {
            await GitHubError.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"API version {version} is not supported.", "https://docs.github.com/rest/about-the-rest-api/api-versions");
            return;
        }

        headers["X-GitHub-Api-Version-Selected"] = version.Length > 0 ? version : DefaultApiVersion;

        var authentication = context.Authentication();
        if (authentication is { Status: AuthenticationStatus.BadCredentials })
        {
            await GitHubError.WriteAsync(context, StatusCodes.Status401Unauthorized, GitHubError.BadCredentials);
            return;
        }

        if (authentication is { Status: AuthenticationStatus.Suspended })
        {
            await GitHubError.WriteAsync(context, StatusCodes.Status403Forbidden, "Sorry. Your account was suspended.");
            return;
        }

        var principal = context.Principal();
        if (principal.IsAuthenticated)
        {
            headers["X-OAuth-Scopes"] = principal.Scopes.ToHeaderValue();
        }

        if (!await WithinRateLimitAsync(context, principal))
        {
            return;
        }

        await next(context);
    }

    private async Task<bool> WithinRateLimitAsync(HttpContext context, Core.Access.Principal principal)
    {
        var options = rateLimits.Value;
        var limit = principal.IsAuthenticated ? options.TokenRequestsPerHour : options.AnonymousRequestsPerHour;
        if (limit <= 0)
        {
            return true;
        }

        var key = principal.TokenId is { } tokenId ? "t:" + tokenId : "a:" + context.Connection.RemoteIpAddress;
        var state = limiter.Hit(key, limit);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Used"] = Math.Min(state.Used, state.Limit).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = state.Reset.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Resource"] = "core";
        if (!state.Exceeded)
        {
            return true;
        }

        var who = principal.UserId is { } userId ? $"user ID {userId}" : context.Connection.RemoteIpAddress?.ToString() ?? "this address";
        await GitHubError.WriteAsync(context, options.ExceededStatus,
            $"API rate limit exceeded for {who}.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
        return false;
    }

    /// <summary>GitHub's request id form: five colon-separated hex groups.</summary>
    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[14];
        RandomNumberGenerator.Fill(bytes);
        var hex = Convert.ToHexString(bytes);
        return $"{hex[..4]}:{hex[4..8]}:{hex[8..14]}:{hex[14..20]}:{hex[20..28]}";
    }
}
