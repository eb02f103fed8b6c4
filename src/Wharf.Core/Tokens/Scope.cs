namespace Wharf.Core.Tokens;

/// <summary>The OAuth scopes Wharf knows, spelt as GitHub spells them.</summary>
public static class Scope
{
    public const string ReadPackages = "read:packages";
    public const string WritePackages = "write:packages";
    public const string DeletePackages = "delete:packages";
    public const string Repo = "repo";
    public const string AdminOrg = "admin:org";
    public const string User = "user";
    public const string SiteAdmin = "site_admin";

    public static readonly IReadOnlyList<string> Known =
    [
        Repo, "repo:status", "public_repo", WritePackages, ReadPackages, DeletePackages, AdminOrg, "write:org",
        "read:org", User, "read:user", "user:email", SiteAdmin, "admin:repo_hook", "workflow", "gist", "delete_repo",
    ];
}
