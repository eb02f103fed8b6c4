using System.Text;
using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's team object. Its <c>url</c> is the slug form Wharf serves (<c>/orgs/{org}/teams/{team_slug}</c>).</summary>
public static class TeamJson
{
    public static JsonObject From(Team team, Account organization, WharfUrls urls)
    {
        var url = Url(team, organization, urls);
        return new JsonObject
        {
            ["id"] = team.Id,
            ["node_id"] = Convert.ToBase64String(Encoding.ASCII.GetBytes($"04:Team{team.Id}")),
            ["url"] = url,
            ["html_url"] = $"{urls.Base}/orgs/{organization.Login}/teams/{team.Slug}",
            ["name"] = team.Name,
            ["slug"] = team.Slug,
            ["description"] = team.Description,
            ["privacy"] = team.Privacy,
            ["notification_setting"] = "notifications_enabled",
            ["permission"] = "pull",
            ["members_url"] = url + "/members{/member}",
            ["repositories_url"] = url + "/repos",
            ["parent"] = null,
            ["created_at"] = GitHubJson.Time(team.CreatedAt),
            ["updated_at"] = GitHubJson.Time(team.UpdatedAt),
        };
    }

    public static string Url(Team team, Account organization, WharfUrls urls) => $"{urls.Organization(organization)}/teams/{team.Slug}";
}
