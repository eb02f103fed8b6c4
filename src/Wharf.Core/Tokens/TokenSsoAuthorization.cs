namespace Wharf.Core.Tokens;

/// <summary>A token's authorisation to act in an organization that enforces SAML SSO.</summary>
public sealed class TokenSsoAuthorization
{
    public long TokenId { get; set; }

    public long OrganizationId { get; set; }

    public DateTime CreatedAt { get; set; }
}
