using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;
using Wharf.Core.Tokens;

namespace Wharf.Api.Http;

/// <summary>What the authentication step left on the request, for every surface to read.</summary>
public static class ApiContext
{
    /// <summary>The caller; anonymous when no credentials were sent or they were not accepted.</summary>
    public static Principal Principal(this HttpContext context) =>
        context.Features.Get<AuthenticationResult>()?.Principal ?? Core.Access.Principal.Anonymous;

    /// <summary>The outcome of checking the presented credentials, or null when none were presented.</summary>
    public static AuthenticationResult? Authentication(this HttpContext context) => context.Features.Get<AuthenticationResult>();

    /// <summary>The request arrived on a surface's own host (<c>npm.HOST</c>, <c>api.HOST</c>), not on the path form.</summary>
    public static bool ArrivedOnSubdomain(this HttpContext context) => context.Features.Get<SubdomainRequest>() is not null;
}
