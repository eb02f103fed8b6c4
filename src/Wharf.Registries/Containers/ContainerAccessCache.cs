using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wharf.Core.Accounts;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Registries.Containers;

/// <summary>
/// Recent read decisions of the access policy for manifest GETs, by token, package type and image, as
/// <c>NpmAccessCache</c> keeps them for npm. A decision costs several queries (owner, package, access facts); an
/// allowed read is reused for <see cref="ContainerOptions.AccessCacheLifetime"/>, and only while the package row is
/// unchanged (visibility, linked repository, deletion and settings changes show in its <see cref="PackageStamp"/> at
/// once). Changes to a person's roles take effect within the lifetime. Tags and digests are never cached.
/// </summary>
public sealed class ContainerAccessCache(IOptions<ContainerOptions> options)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(long TokenId, PackageType Type, string Image), Entry> _entries = new();
    private readonly TimeSpan _lifetime = options.Value.AccessCacheLifetime;

    /// <summary>A decision that is still fresh, or null; the caller checks it against the package's stamp.</summary>
    public Entry? Find(long tokenId, PackageType type, ImageName name, DateTime now) =>
        _entries.TryGetValue((tokenId, type, Key(name)), out var entry) && entry.DecidedAt + _lifetime > now ? entry : null;

    public void Remember(long tokenId, PackageType type, ImageName name, Entry entry)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        // Bounded: a flood of distinct names must not grow memory without limit.
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(tokenId, type, Key(name))] = entry;
    }

    public void Forget(long tokenId, PackageType type, ImageName name) => _entries.TryRemove((tokenId, type, Key(name)), out _);

    private static string Key(ImageName name) => name.Full.ToLowerInvariant();

    /// <summary>An allowed read of one image, with the package row's state it was decided on.</summary>
    public sealed record Entry(Account Owner, Package Package, DateTime UpdatedAt, Visibility Visibility, long? RepositoryId, DateTime DecidedAt)
    {
        public bool StillHolds(PackageStamp stamp) =>
            !stamp.Deleted && stamp.PackageId == Package.Id && stamp.UpdatedAt == UpdatedAt && stamp.Visibility == Visibility &&
            stamp.RepositoryId == RepositoryId;
    }
}
