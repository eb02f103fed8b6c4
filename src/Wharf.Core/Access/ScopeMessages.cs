namespace Wharf.Core.Access;

/// <summary>GitHub's wording for missing scopes: "You need at least read:packages scope to list packages."</summary>
public static class ScopeMessages
{
    public static string NeedAtLeast(IReadOnlyList<string> scopes, string toWhat)
    {
        var list = scopes.Count switch
        {
            1 => scopes[0] + " scope",
            _ => string.Join(", ", scopes.Take(scopes.Count - 1)) + " and " + scopes[^1] + " scopes",
        };
        return $"You need at least {list} to {toWhat}.";
    }
}
