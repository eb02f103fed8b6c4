using System.Text.RegularExpressions;

namespace Wharf.Core.Accounts;

/// <summary>GitHub's rules for logins and slugs.</summary>
public static partial class LoginRules
{
    /// <summary>Alphanumerics and single inner hyphens, at most 39 characters, as GitHub allows.</summary>
    public static bool IsValidLogin(string? login) =>
        !string.IsNullOrEmpty(login) && login.Length <= 39 && LoginPattern().IsMatch(login);

    public static string Key(string login) => login.ToLowerInvariant();

    /// <summary>Team slugs: lower case, runs of anything else become one hyphen.</summary>
    public static string Slugify(string name)
    {
        var slug = NonSlugRun().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "team" : slug;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonSlugRun();
}
