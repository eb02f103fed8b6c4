namespace Wharf.Core.Tokens;

/// <summary>
/// The scopes a token holds, with GitHub's implications: a parent scope grants its children
/// (<c>write:packages</c> grants <c>read:packages</c>, <c>repo</c> grants <c>public_repo</c>, <c>admin:org</c> grants
/// <c>write:org</c> and <c>read:org</c>); <c>delete:packages</c> grants nothing else.
/// </summary>
public sealed class ScopeSet
{
    private static readonly Dictionary<string, string[]> Implied = new(StringComparer.Ordinal)
    {
        [Scope.WritePackages] = [Scope.ReadPackages],
        [Scope.Repo] = ["repo:status", "public_repo", "repo_deployment", "repo:invite", "security_events"],
        [Scope.AdminOrg] = ["write:org", "read:org"],
        ["write:org"] = ["read:org"],
        [Scope.User] = ["read:user", "user:email", "user:follow"],
    };

    private readonly HashSet<string> _effective;

    public ScopeSet(IEnumerable<string> granted)
    {
        Granted = granted.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _effective = new HashSet<string>(Granted, StringComparer.Ordinal);
        foreach (var scope in Granted)
        {
            if (Implied.TryGetValue(scope, out var children))
            {
                _effective.UnionWith(children);
            }
        }
    }

    public static ScopeSet Empty { get; } = new([]);

    /// <summary>The scopes as granted, for the <c>X-OAuth-Scopes</c> header.</summary>
    public IReadOnlyList<string> Granted { get; }

    public static ScopeSet Parse(string? spaceOrCommaSeparated) =>
        new((spaceOrCommaSeparated ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public bool Has(string scope) => _effective.Contains(scope);

    public string ToHeaderValue() => string.Join(", ", Granted);

    public string ToStoredValue() => string.Join(' ', Granted);
}
