using System.Collections.Concurrent;

namespace Wharf.Api.Http;

/// <summary>
/// Fixed hourly windows counted in memory. Each node counts its own requests, so behind several nodes the limit is
/// per node; exact enough for a limit meant to stop runaway scripts.
/// </summary>
public sealed class RateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public RateLimitState Hit(string key, int limit)
    {
        var now = clock.GetUtcNow();
        var hourStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var window = _windows.AddOrUpdate(
            key,
            _ => new Window(hourStart, 1),
            (_, w) => w.Start == hourStart ? w with { Used = w.Used + 1 } : new Window(hourStart, 1));
        if (_windows.Count > 200_000)
        {
            // Old windows of one-off callers: drop them rather than grow without bound.
            foreach (var stale in _windows.Where(p => p.Value.Start < hourStart).Select(p => p.Key).ToArray())
            {
                _windows.TryRemove(stale, out _);
            }
        }

        return new RateLimitState(limit, window.Used, hourStart.AddHours(1).ToUnixTimeSeconds());
    }

    private sealed record Window(DateTimeOffset Start, int Used);
}

public sealed record RateLimitState(int Limit, int Used, long Reset)
{
    public int Remaining => Math.Max(0, Limit - Used);

    public bool Exceeded => Used > Limit;
}
