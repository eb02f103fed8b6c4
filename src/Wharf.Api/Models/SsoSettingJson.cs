namespace Wharf.Api.Models;

/// <summary>An organization's SAML SSO enforcement, as <c>PUT /admin/organizations/{org}/sso</c> answers (a Wharf addition).</summary>
public sealed record SsoSettingJson(string Organization, bool Enforced);
