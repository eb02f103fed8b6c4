using System.Diagnostics.CodeAnalysis;

namespace Wharf.Registries.Npm;

/// <summary>
/// A scoped npm package name, <c>@scope/name</c>. GitHub serves scoped packages only and the scope is the owner's
/// login (behaviour §5.2); the REST API shows the name without the scope.
/// </summary>
public readonly record struct NpmPackageName(string Scope, string Name)
{
    /// <summary>npm's limit on the length of a whole package name.</summary>
    public const int MaxLength = 214;

    public string FullName => $"@{Scope}/{Name}";

    /// <summary>The form npm puts in URL paths: <c>@scope%2fname</c>.</summary>
    public string Escaped => $"@{Scope}%2f{Name}";

    /// <summary>
    /// Reads a package name from a request path: the escaped form npm sends (<c>@scope%2fname</c>), the plain one
    /// (<c>@scope/name</c>), or a scope and a name given as two path segments.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out NpmPackageName? name)
    {
        name = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        string text;
        try
        {
            text = Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (text.Length < 4 || text[0] != '@')
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 2 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        name = new NpmPackageName(text[1..slash], text[(slash + 1)..]);
        return true;
    }

    public static bool TryParse(string? scope, string? packageName, [NotNullWhen(true)] out NpmPackageName? name)
    {
        name = null;
        return scope is { Length: > 1 } && scope[0] == '@' && TryParse(scope + "/" + packageName, out name);
    }

    /// <summary>
    /// npm's rules for new package names, and GitHub's lower case (behaviour §5.2): null when the name may be
    /// published, else the reason in words.
    /// </summary>
    public string? Problem()
    {
        if (FullName.Length > MaxLength)
        {
            return $"Package name {FullName} is longer than {MaxLength} characters.";
        }

        if (!string.Equals(FullName, FullName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return $"Package name {FullName} must be lower case: scope and name of npm packages on GitHub Packages are lower case only.";
        }

        if (Name[0] is '.' or '_' || Scope[0] is '.' or '_')
        {
            return $"Package name {FullName} may not start with a period or an underscore.";
        }

        if (!IsUrlSafe(Scope) || !IsUrlSafe(Name))
        {
            return $"Package name {FullName} may only contain URL-safe characters (letters, digits, '-', '.' and '_').";
        }

        return null;
    }

    public override string ToString() => FullName;

    private static bool IsUrlSafe(string part)
    {
        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
