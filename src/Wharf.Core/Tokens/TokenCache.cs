using System.Collections.Concurrent;

namespace Wharf.Core.Tokens;

/// <summary>
/// Recent answers of token checks, by token hash. A check costs database round trips and package clients send a
/// token with every request, so answers are kept briefly. Revocation on this node clears the cache at once;
/// other nodes see it within <see cref="Lifetime"/>.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public AuthenticationResult? Find(string hash, DateTime now) =>
        _entries.TryGetValue(hash, out var entry) && entry.CachedAt + Lifetime > now && (entry.ExpiresAt is null || entry.ExpiresAt > now)
            ? entry.Result
            : null;

    public void Remember(string hash, AuthenticationResult result, DateTime now, DateTime? expiresAt)
    {
        // Bounded: a flood of distinct bad tokens must not grow memory without limit.
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash] = new Entry(result, now, expiresAt);
    }

    public void Clear() => _entries.Clear();

    private sealed record Entry(AuthenticationResult Result, DateTime CachedAt, DateTime? ExpiresAt);
}
