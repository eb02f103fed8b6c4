using System.Net.Http.Headers;
using System.Text;
using Wharf.Core.Tokens;

namespace Wharf.Hosting;

/// <summary>
/// Reads <c>Authorization</c> in the three forms GitHub accepts (<c>token T</c>, <c>Bearer T</c>, Basic with the token
/// as password) and leaves an <see cref="AuthenticationResult"/> on the request for the surface to interpret.
/// </summary>
public sealed class CredentialsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TokenService tokens)
    {
        var presented = PresentedToken(context.Request.Headers.Authorization.ToString());
        if (presented is not null)
        {
            context.Features.Set(await tokens.AuthenticateAsync(presented, context.RequestAborted));
        }

        await next(context);
    }

    /// <summary>The token in the header, or null when no credentials were sent.</summary>
    internal static string? PresentedToken(string header)
    {
        if (string.IsNullOrWhiteSpace(header) || !AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return null;
        }

        var scheme = value.Scheme.ToLowerInvariant();
        if (scheme is "token" or "bearer")
        {
            return value.Parameter.Trim();
        }

        if (scheme != "basic")
        {
            return "";
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return "";
        }

        // Clients put the token in the password; some put it in the user name with an empty password.
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? decoded : decoded[..colon];
        var password = colon < 0 ? "" : decoded[(colon + 1)..];
        return password.Length > 0 ? password : user;
    }
}
