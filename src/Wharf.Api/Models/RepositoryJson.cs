using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>
/// GitHub's repository objects: minimal-repository (inside packages) and the full repository
/// (repository endpoints). Built as JSON nodes because most of GitHub's fields are URL templates.
/// </summary>
public static class RepositoryJson
{
    public static JsonObject Minimal(Account owner, Repository repository, WharfUrls urls)
    {
        var api = urls.Repository(owner, repository);
        var html = urls.RepositoryHtml(owner, repository);
        var json = new JsonObject
        {
            ["id"] = repository.Id,
            ["node_id"] = Convert.ToBase64String(Encoding.ASCII.GetBytes($"010:Repository{repository.Id}")),
            ["name"] = repository.Name,
            ["full_name"] = $"{owner.Login}/{repository.Name}",
            ["private"] = repository.IsPrivate,
            ["owner"] = JsonSerializer.SerializeToNode(SimpleUser.From(owner, urls), GitHubJson.Options),
            ["html_url"] = html,
            ["description"] = repository.Description,
            ["fork"] = false,
            ["url"] = api,
        };
        foreach (var (name, suffix) in UrlFields)
        {
            json[name] = api + suffix;
        }

        json["git_url"] = $"git://{urls.Host}/{owner.Login}/{repository.Name}.git";
        json["ssh_url"] = $"git@{urls.Host}:{owner.Login}/{repository.Name}.git";
        json["clone_url"] = html + ".git";
        json["svn_url"] = html;
        json["visibility"] = repository.Visibility.ToString().ToLowerInvariant();
        json["created_at"] = GitHubJson.Time(repository.CreatedAt);
        json["updated_at"] = GitHubJson.Time(repository.UpdatedAt);
        json["pushed_at"] = GitHubJson.Time(repository.UpdatedAt);
        return json;
    }

    /// <summary>The full repository, with the caller's permissions as GitHub adds them for authenticated requests.</summary>
    public static JsonObject Full(Account owner, Repository repository, RepositoryPermission callerPermission, WharfUrls urls)
    {
        var json = Minimal(owner, repository, urls);
        json["homepage"] = null;
        json["size"] = 0;
        json["stargazers_count"] = 0;
        json["watchers_count"] = 0;
        json["language"] = null;
        json["has_issues"] = true;
        json["has_projects"] = true;
        json["has_downloads"] = true;
        json["has_wiki"] = true;
        json["has_pages"] = false;
        json["has_discussions"] = false;
        json["forks_count"] = 0;
        json["mirror_url"] = null;
        json["archived"] = false;
        json["disabled"] = false;
        json["open_issues_count"] = 0;
        json["license"] = null;
        json["allow_forking"] = true;
        json["is_template"] = false;
        json["web_commit_signoff_required"] = false;
        json["topics"] = new JsonArray();
        json["forks"] = 0;
        json["open_issues"] = 0;
        json["watchers"] = 0;
        json["default_branch"] = "main";
        json["permissions"] = new JsonObject
        {
            ["admin"] = callerPermission >= RepositoryPermission.Admin,
            ["maintain"] = callerPermission >= RepositoryPermission.Maintain,
            ["push"] = callerPermission >= RepositoryPermission.Write,
            ["triage"] = callerPermission >= RepositoryPermission.Triage,
            ["pull"] = callerPermission >= RepositoryPermission.Read,
        };
        json["network_count"] = 0;
        json["subscribers_count"] = 0;
        return json;
    }

    private static readonly (string Name, string Suffix)[] UrlFields =
    [
        ("forks_url", "/forks"),
        ("keys_url", "/keys{/key_id}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("teams_url", "/teams"),
        ("hooks_url", "/hooks"),
        ("issue_events_url", "/issues/events{/number}"),
        ("events_url", "/events"),
        ("assignees_url", "/assignees{/user}"),
        ("branches_url", "/branches{/branch}"),
        ("tags_url", "/tags"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("trees_url", "/git/trees{/sha}"),
        ("statuses_url", "/statuses/{sha}"),
        ("languages_url", "/languages"),
        ("stargazers_url", "/stargazers"),
        ("contributors_url", "/contributors"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("commits_url", "/commits{/sha}"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("comments_url", "/comments{/number}"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("contents_url", "/contents/{+path}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("merges_url", "/merges"),
        ("archive_url", "/{archive_format}{/ref}"),
        ("downloads_url", "/downloads"),
        ("issues_url", "/issues{/number}"),
        ("pulls_url", "/pulls{/number}"),
        ("milestones_url", "/milestones{/number}"),
        ("notifications_url", "/notifications{?since,all,participating}"),
        ("labels_url", "/labels{/name}"),
        ("releases_url", "/releases{/id}"),
        ("deployments_url", "/deployments"),
    ];
}
