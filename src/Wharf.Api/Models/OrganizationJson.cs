using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's organization-simple (inside memberships) and organization-full (<c>GET /orgs/{org}</c>) objects.</summary>
public static class OrganizationJson
{
    public static JsonObject Simple(Account organization, WharfUrls urls)
    {
        var url = urls.Organization(organization);
        return new JsonObject
        {
            ["login"] = organization.Login,
            ["id"] = organization.Id,
            ["node_id"] = SimpleUser.NodeIdOf(organization),
            ["url"] = url,
            ["repos_url"] = url + "/repos",
            ["events_url"] = url + "/events",
            ["hooks_url"] = url + "/hooks",
            ["issues_url"] = url + "/issues",
            ["members_url"] = url + "/members{/member}",
            ["public_members_url"] = url + "/public_members{/member}",
            ["avatar_url"] = urls.Avatar(organization),
            ["description"] = null,
        };
    }

    public static JsonObject Full(Account organization, int publicRepos, WharfUrls urls)
    {
        var json = Simple(organization, urls);
        json["name"] = organization.Name;
        json["company"] = null;
        json["blog"] = "";
        json["location"] = null;
        json["email"] = null;
        json["twitter_username"] = null;
        json["is_verified"] = false;
        json["has_organization_projects"] = true;
        json["has_repository_projects"] = true;
        json["public_repos"] = publicRepos;
        json["public_gists"] = 0;
        json["followers"] = 0;
        json["following"] = 0;
        json["html_url"] = urls.UserHtml(organization);
        json["created_at"] = GitHubJson.Time(organization.CreatedAt);
        json["updated_at"] = GitHubJson.Time(organization.UpdatedAt);
        json["archived_at"] = null;
        json["type"] = SimpleUser.TypeOf(organization);
        return json;
    }
}
