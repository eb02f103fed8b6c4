using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;

namespace Wharf.Api.Http;

/// <summary>
/// Scope checks for endpoints that accept any one of several scopes (<c>public_repo</c> or <c>repo</c>,
/// <c>delete_repo</c> or <c>repo</c>), where <see cref="RestGuard.RequireScopes"/> wants all of them.
/// </summary>
public static class AcceptedScopes
{
    /// <summary>
    /// 401 without credentials, 403 unless the token holds one of <paramref name="accepted"/> (implied scopes count).
    /// The first accepted scope is the least one, which the message names.
    /// </summary>
    public static IResult? RequireOneOf(HttpContext context, IReadOnlyList<string> accepted, string toWhat, string documentationUrl)
    {
        context.Response.Headers["X-Accepted-OAuth-Scopes"] = string.Join(", ", accepted.Order(StringComparer.Ordinal));
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return GitHubError.Result(StatusCodes.Status401Unauthorized, GitHubError.RequiresAuthentication, documentationUrl);
        }

        return accepted.Any(principal.Scopes.Has)
            ? null
            : GitHubError.Result(StatusCodes.Status403Forbidden, ScopeMessages.NeedAtLeast([accepted[0]], toWhat), documentationUrl);
    }

    /// <summary>For endpoints anyone may call: says that no scope is checked.</summary>
    public static void NoneRequired(HttpContext context) => context.Response.Headers["X-Accepted-OAuth-Scopes"] = "";
}
