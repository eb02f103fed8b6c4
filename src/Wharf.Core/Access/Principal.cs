using Wharf.Core.Accounts;
using Wharf.Core.Tokens;

namespace Wharf.Core.Access;

/// <summary>Who is calling: a user through one token, or nobody.</summary>
public sealed class Principal
{
    private Principal(Account? user, long? tokenId, ScopeSet scopes, IReadOnlySet<long> ssoAuthorizedOrganizations)
    {
        User = user;
        TokenId = tokenId;
        Scopes = scopes;
        SsoAuthorizedOrganizations = ssoAuthorizedOrganizations;
    }

    public static Principal Anonymous { get; } = new(null, null, ScopeSet.Empty, new HashSet<long>());

    public Account? User { get; }

    public long? TokenId { get; }

    public ScopeSet Scopes { get; }

    /// <summary>Organizations enforcing SSO for which this token has been authorised.</summary>
    public IReadOnlySet<long> SsoAuthorizedOrganizations { get; }

    public bool IsAuthenticated => User is not null;

    public long? UserId => User?.Id;

    public static Principal ForToken(Account user, long tokenId, ScopeSet scopes, IReadOnlySet<long> ssoAuthorizedOrganizations) =>
        new(user, tokenId, scopes, ssoAuthorizedOrganizations);
}
