using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's org-membership object. Wharf adds members at once, so the state is always "active".</summary>
public sealed record OrganizationMembershipJson(
    string Url,
    string State,
    string Role,
    string OrganizationUrl,
    JsonObject Organization,
    SimpleUser User)
{
    public static OrganizationMembershipJson From(Account organization, Account user, OrganizationMembership membership, WharfUrls urls) => new(
        $"{urls.Organization(organization)}/memberships/{user.Login}",
        "active",
        membership.Role == OrganizationRole.Admin ? "admin" : "member",
        urls.Organization(organization),
        OrganizationJson.Simple(organization, urls),
        SimpleUser.From(user, urls));
}
