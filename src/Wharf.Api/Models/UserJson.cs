using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>
/// GitHub's public-user (<c>GET /users/{username}</c>) and private-user (<c>GET /user</c>) objects: the simple-user
/// fields plus the profile. Built as JSON nodes so that empty profile fields are written as null, as GitHub writes them.
/// </summary>
public static class UserJson
{
    /// <summary>
    /// Any account as others see it; organizations answer here too, with type "Organization". A site administrator
    /// also sees the e-mail address and <c>suspended_at</c>.
    /// </summary>
    public static JsonObject Public(Account account, int publicRepos, bool viewerIsSiteAdmin, WharfUrls urls)
    {
        var json = (JsonObject)JsonSerializer.SerializeToNode(SimpleUser.From(account, urls), GitHubJson.Options)!;
        json["name"] = account.Name;
        json["company"] = null;
        json["blog"] = "";
        json["location"] = null;

        // Wharf keeps one address per account, set by an administrator; it is not a public profile field.
        json["email"] = viewerIsSiteAdmin ? account.Email : null;
        json["hireable"] = null;
        json["bio"] = null;
        json["twitter_username"] = null;
        json["public_repos"] = publicRepos;
        json["public_gists"] = 0;
        json["followers"] = 0;
        json["following"] = 0;
        json["created_at"] = GitHubJson.Time(account.CreatedAt);
        json["updated_at"] = GitHubJson.Time(account.UpdatedAt);
        if (viewerIsSiteAdmin)
        {
            json["suspended_at"] = account.SuspendedAt is { } suspended ? GitHubJson.Time(suspended) : null;
        }

        return json;
    }

    /// <summary>The caller's own account, with the fields only its owner sees.</summary>
    public static JsonObject Private(Account account, int publicRepos, WharfUrls urls)
    {
        var json = Public(account, publicRepos, account.SiteAdmin, urls);
        json["email"] = account.Email;
        json["private_gists"] = 0;
        json["total_private_repos"] = 0;
        json["owned_private_repos"] = 0;
        json["disk_usage"] = 0;
        json["collaborators"] = 0;
        json["two_factor_authentication"] = false;
        return json;
    }
}
