using Wharf.Core.Access;
using Wharf.Core.Metadata;

namespace Wharf.Core.Tokens;

/// <summary>Issues tokens and turns presented tokens into principals.</summary>
public sealed class TokenService(ITokenStore tokens, IAccountStore accounts, TokenCache cache, TimeProvider clock)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Makes a token; the returned text is the only time the secret exists outside the caller's hands.</summary>
    public async Task<(AccessToken Token, string Secret)> CreateAsync(
        long userId, ScopeSet scopes, string? note, TokenKind kind, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var secret = TokenFormat.Generate();
        var token = new AccessToken
        {
            UserId = userId,
            Hash = TokenFormat.Hash(secret),
            LastEight = secret[^8..],
            Scopes = scopes.ToStoredValue(),
            Note = note,
            Kind = kind,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        await tokens.AddAsync(token, cancellationToken);
        return (token, secret);
    }

    public Task<AccessToken?> FindAsync(long tokenId, CancellationToken cancellationToken) => tokens.FindByIdAsync(tokenId, cancellationToken);

    /// <summary>The user's tokens, revoked and expired ones included, oldest first.</summary>
    public Task<IReadOnlyList<AccessToken>> ListForUserAsync(long userId, CancellationToken cancellationToken) =>
        tokens.ListForUserAsync(userId, cancellationToken);

    public async Task<AuthenticationResult> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        // Reject what cannot be one of our tokens before touching the database.
        if (!TokenFormat.IsWellFormed(presented))
        {
            return AuthenticationResult.Bad;
        }

        var hash = TokenFormat.Hash(presented);
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.Find(hash, now) is { } cached)
        {
            return cached;
        }

        var token = await tokens.FindByHashAsync(hash, cancellationToken);
        AuthenticationResult result;
        if (token is null || token.RevokedAt is not null || (token.ExpiresAt is { } expiry && expiry <= now))
        {
            result = AuthenticationResult.Bad;
        }
        else
        {
            var user = await accounts.FindByIdAsync(token.UserId, cancellationToken);
            if (user is null)
            {
                result = AuthenticationResult.Bad;
            }
            else if (user.SuspendedAt is not null)
            {
                result = AuthenticationResult.SuspendedUser;
            }
            else
            {
                var sso = await tokens.ListSsoAuthorizationsAsync(token.Id, cancellationToken);
                result = new AuthenticationResult(
                    AuthenticationStatus.Authenticated, Principal.ForToken(user, token.Id, ScopeSet.Parse(token.Scopes), sso));
                if (token.LastUsedAt is null || token.LastUsedAt + LastUsedResolution < now)
                {
                    await tokens.RecordUseAsync(token.Id, now, cancellationToken);
                }
            }
        }

        cache.Remember(hash, result, now, token?.ExpiresAt);
        return result;
    }

    public async Task<bool> RevokeAsync(long tokenId, CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeAsync(tokenId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Forget();
        return revoked;
    }

    public async Task<int> RevokeAllAsync(long userId, TokenKind kind, CancellationToken cancellationToken)
    {
        var count = await tokens.RevokeAllAsync(userId, kind, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Forget();
        return count;
    }

    /// <summary>Authorises the token for an organization that enforces SSO.</summary>
    public async Task AuthorizeSsoAsync(long tokenId, long organizationId, CancellationToken cancellationToken)
    {
        await tokens.AuthorizeSsoAsync(tokenId, organizationId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Forget();
    }

    /// <summary>Withdraws the token's authorisation for an organization that enforces SSO.</summary>
    public async Task<bool> RevokeSsoAsync(long tokenId, long organizationId, CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeSsoAsync(tokenId, organizationId, cancellationToken);
        Forget();
        return revoked;
    }

    /// <summary>Drops cached answers after a change to tokens, users or SSO on this node.</summary>
    public void Forget() => cache.Clear();
}
