using Wharf.Core.Accounts;

namespace Wharf.Core.Access;

/// <summary>
/// SAML SSO enforcement: a member's token must be authorised for an organization that enforces SSO before it can
/// act there. Outside collaborators and strangers are not subject to it (they see only what is public or shared).
/// </summary>
public static class SsoPolicy
{
    public const string Message =
        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";

    public const string DocumentationUrl =
        "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/";

    public static bool Blocks(Principal principal, Account owner, bool callerIsMember) =>
        owner.IsOrganization && owner.SsoEnforced && principal.IsAuthenticated && callerIsMember &&
        !principal.SsoAuthorizedOrganizations.Contains(owner.Id);
}
