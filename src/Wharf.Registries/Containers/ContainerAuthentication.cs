using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Wharf.Core.Containers;
using Wharf.Core.Tokens;

namespace Wharf.Registries.Containers;

/// <summary>
/// The /v2/ authentication step: registry bearer tokens from <c>/v2/token</c> replace what the credentials step
/// made of them (it knows only personal access tokens); bad credentials of any kind end in 401 with the challenge.
/// </summary>
public sealed class ContainerAuthentication(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ContainerTokens tokens)
    {
        if (!context.Request.Path.StartsWithSegments("/v2"))
        {
            await next(context);
            return;
        }

        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header) &&
            string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) &&
            header.Parameter is { } presented && ContainerTokens.LooksLikeOurs(presented))
        {
            context.Features.Set(await tokens.AuthenticateAsync(presented, context.RequestAborted));
        }

        // The token endpoint answers bad credentials itself, in the token protocol's terms.
        if (context.Features.Get<AuthenticationResult>() is { Status: not AuthenticationStatus.Authenticated } &&
            !context.Request.Path.StartsWithSegments("/v2/token"))
        {
            await ContainerRequest.For(context).Challenge(null, push: false).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
