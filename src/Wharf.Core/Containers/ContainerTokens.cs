using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wharf.Core.Access;
using Wharf.Core.Metadata;
using Wharf.Core.Tokens;

namespace Wharf.Core.Containers;

/// <summary>
/// Short-lived registry bearer tokens (Distribution token authentication). A token names the user and the personal
/// access token it was exchanged for, and its expiry, signed with HMAC-SHA256. It carries no rights of its own:
/// every request is still decided by the access policy, with the personal access token's current scopes, so
/// revoking the token or changing a grant takes effect at once.
/// </summary>
public sealed class ContainerTokens(
    ContainerTokenKey key, ITokenStore tokens, IAccountStore accounts, TokenCache cache, IOptions<ContainerOptions> options, TimeProvider clock)
{
    public const string Prefix = "wct1.";

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    /// <summary>Issues a token for the principal (anonymous principals get an anonymous token).</summary>
    public string Issue(Principal principal)
    {
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var payload = string.Create(CultureInfo.InvariantCulture, $"{principal.UserId ?? 0}.{principal.TokenId ?? 0}.{expires}");
        var encoded = Base64Url(Encoding.ASCII.GetBytes(payload));
        return Prefix + encoded + "." + Base64Url(Sign(encoded));
    }

    public static bool LooksLikeOurs(string presented) => presented.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The caller a token stands for; <see cref="AuthenticationResult.Bad"/> when forged, expired or revoked.</summary>
    public async Task<AuthenticationResult> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var parts = presented[Prefix.Length..].Split('.');
        if (parts.Length != 2)
        {
            return AuthenticationResult.Bad;
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = FromBase64Url(parts[1]);
            payloadBytes = FromBase64Url(parts[0]);
        }
        catch (FormatException)
        {
            return AuthenticationResult.Bad;
        }

        // Constant time: a timing difference must not let a forger learn the signature byte by byte.
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0])))
        {
            return AuthenticationResult.Bad;
        }

        var fields = Encoding.ASCII.GetString(payloadBytes).Split('.');
        if (fields.Length != 3 ||
            !long.TryParse(fields[0], CultureInfo.InvariantCulture, out var userId) ||
            !long.TryParse(fields[1], CultureInfo.InvariantCulture, out var tokenId) ||
            !long.TryParse(fields[2], CultureInfo.InvariantCulture, out var expires) ||
            expires < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return AuthenticationResult.Bad;
        }

        if (userId == 0)
        {
            return new AuthenticationResult(AuthenticationStatus.Authenticated, Principal.Anonymous);
        }

        // The same short cache as personal access tokens: a pull is many requests with one token, and revoking a
        // token or suspending a user clears it on this node.
        var now = clock.GetUtcNow().UtcDateTime;
        var cacheKey = "wct:" + parts[1];
        if (cache.Find(cacheKey, now) is { } cached)
        {
            return cached;
        }

        var result = await LoadAsync(userId, tokenId, now, cancellationToken);
        cache.Remember(cacheKey, result, now, DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime);
        return result;
    }

    private async Task<AuthenticationResult> LoadAsync(long userId, long tokenId, DateTime now, CancellationToken cancellationToken)
    {
        var token = await tokens.FindByIdAsync(tokenId, cancellationToken);
        if (token is null || token.UserId != userId || token.RevokedAt is not null || (token.ExpiresAt is { } expiry && expiry <= now))
        {
            return AuthenticationResult.Bad;
        }

        var user = await accounts.FindByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return AuthenticationResult.Bad;
        }

        if (user.SuspendedAt is not null)
        {
            return AuthenticationResult.SuspendedUser;
        }

        var sso = await tokens.ListSsoAuthorizationsAsync(token.Id, cancellationToken);
        return new AuthenticationResult(AuthenticationStatus.Authenticated, Principal.ForToken(user, token.Id, ScopeSet.Parse(token.Scopes), sso));
    }

    private byte[] Sign(string encodedPayload) => HMACSHA256.HashData(key.Secret, Encoding.ASCII.GetBytes(encodedPayload));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }
}
