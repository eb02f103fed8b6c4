using System.Text;
using Wharf.Core.Accounts;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's simple-user: how an account appears inside other objects (owner, sender).</summary>
public sealed record SimpleUser(
    string Login,
    long Id,
    string NodeId,
    string AvatarUrl,
    string GravatarId,
    string Url,
    string HtmlUrl,
    string FollowersUrl,
    string FollowingUrl,
    string GistsUrl,
    string StarredUrl,
    string SubscriptionsUrl,
    string OrganizationsUrl,
    string ReposUrl,
    string EventsUrl,
    string ReceivedEventsUrl,
    string Type,
    bool SiteAdmin,
    string UserViewType)
{
    public static SimpleUser From(Account account, WharfUrls urls)
    {
        var url = urls.User(account);
        return new SimpleUser(
            account.Login,
            account.Id,
            NodeIdOf(account),
            urls.Avatar(account),
            "",
            url,
            urls.UserHtml(account),
            url + "/followers",
            url + "/following{/other_user}",
            url + "/gists{/gist_id}",
            url + "/starred{/owner}{/repo}",
            url + "/subscriptions",
            url + "/orgs",
            url + "/repos",
            url + "/events{/privacy}",
            url + "/received_events",
            TypeOf(account),
            account.SiteAdmin,
            "public");
    }

    public static string TypeOf(Account account) => account.IsOrganization ? "Organization" : "User";

    /// <summary>GitHub's legacy global node id form: base64 of "{length}:{Type}{id}".</summary>
    public static string NodeIdOf(Account account)
    {
        var type = TypeOf(account);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes($"0{type.Length}:{type}{account.Id}"));
    }
}
