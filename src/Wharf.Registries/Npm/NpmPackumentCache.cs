using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wharf.Core.Metadata;

namespace Wharf.Registries.Npm;

/// <summary>
/// Built packuments by package and registry base (the path form and, with subdomain isolation, <c>npm.HOST</c> write
/// different tarball URLs), each valid for exactly the <see cref="PackageStamp"/> it was built at. Any change to
/// the package, made on this node or another, through npm or the REST API, changes the stamp, so a stale entry is
/// never served; it is rebuilt on the next request. Memory is bounded by <see cref="NpmOptions.PackumentCacheBytes"/>:
/// past it, the least recently used half goes.
/// </summary>
public sealed class NpmPackumentCache(IOptions<NpmOptions> options)
{
    private readonly ConcurrentDictionary<(long PackageId, string RegistryUrl), Entry> _entries = new();
    private readonly long _budget = options.Value.PackumentCacheBytes;
    private long _bytes;
    private long _clock;

    public NpmPackument? Find(PackageStamp stamp, string registryUrl)
    {
        if (_entries.TryGetValue((stamp.PackageId, registryUrl), out var entry) && entry.Stamp == stamp)
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            return entry.Packument;
        }

        return null;
    }

    public void Store(PackageStamp stamp, NpmPackument packument)
    {
        var entry = new Entry(stamp, packument) { LastUsed = Interlocked.Increment(ref _clock) };
        _entries.AddOrUpdate((stamp.PackageId, packument.RegistryUrl), entry, (_, old) =>
        {
            Interlocked.Add(ref _bytes, -old.Packument.Size);
            return entry;
        });
        if (Interlocked.Add(ref _bytes, packument.Size) > _budget)
        {
            Trim();
        }
    }

    private void Forget((long PackageId, string RegistryUrl) key)
    {
        if (_entries.TryRemove(key, out var old))
        {
            Interlocked.Add(ref _bytes, -old.Packument.Size);
        }
    }

    private void Trim()
    {
        var oldest = _entries.OrderBy(e => e.Value.LastUsed).Take(Math.Max(1, _entries.Count / 2)).Select(e => e.Key).ToArray();
        foreach (var id in oldest)
        {
            Forget(id);
        }
    }

    private sealed class Entry(PackageStamp stamp, NpmPackument packument)
    {
        public PackageStamp Stamp { get; } = stamp;

        public NpmPackument Packument { get; } = packument;

        public long LastUsed { get; set; }
    }
}
