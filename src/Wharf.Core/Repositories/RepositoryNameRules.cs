using System.Text.RegularExpressions;

namespace Wharf.Core.Repositories;

public static partial class RepositoryNameRules
{
    /// <summary>GitHub allows letters, digits, '.', '-' and '_' (at most 100), but not "." or "..".</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && name is not ("." or "..") && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Pattern();
}
