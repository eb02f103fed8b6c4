using Wharf.Core.Tokens;

namespace Wharf.Core.Metadata;

/// <summary>Access tokens (by hash only) and their SSO authorisations.</summary>
public interface ITokenStore
{
    Task AddAsync(AccessToken token, CancellationToken cancellationToken);

    Task<AccessToken?> FindByHashAsync(string hash, CancellationToken cancellationToken);

    Task<AccessToken?> FindByIdAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccessToken>> ListForUserAsync(long userId, CancellationToken cancellationToken);

    Task<IReadOnlySet<long>> ListSsoAuthorizationsAsync(long tokenId, CancellationToken cancellationToken);

    Task AuthorizeSsoAsync(long tokenId, long organizationId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Withdraws the token's SSO authorisation for the organization; false when it had none.</summary>
    Task<bool> RevokeSsoAsync(long tokenId, long organizationId, CancellationToken cancellationToken);

    Task RecordUseAsync(long tokenId, DateTime usedAt, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(long tokenId, DateTime now, CancellationToken cancellationToken);

    /// <summary>Revokes every live token of the given kind for the user; returns how many.</summary>
    Task<int> RevokeAllAsync(long userId, TokenKind kind, DateTime now, CancellationToken cancellationToken);
}
