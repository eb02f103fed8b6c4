using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's team-membership object; "active" because Wharf adds members at once instead of inviting them.</summary>
public sealed record TeamMembershipJson(string Url, string Role, string State)
{
    public static TeamMembershipJson From(Team team, Account organization, Account user, TeamMembership membership, WharfUrls urls) =>
        new($"{TeamJson.Url(team, organization, urls)}/memberships/{user.Login}", membership.Role, "active");
}
