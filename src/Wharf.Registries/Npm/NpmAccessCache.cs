using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Repositories;

namespace Wharf.Registries.Npm;

/// <summary>
/// Recent read decisions of the access policy, by token and package. Package clients ask for every packument and
/// tarball with the same token; a decision costs several queries (owner, package, repository, roles), so an allowed
/// read is reused for <see cref="NpmOptions.AccessCacheLifetime"/>, and only while the package row is unchanged
/// (visibility, linked repository, deletion and settings changes show in its <see cref="PackageStamp"/> at once).
/// Changes to a person's roles (collaborators, teams, memberships) take effect within the lifetime, as revoked tokens
/// do on other nodes with the token cache.
/// </summary>
public sealed class NpmAccessCache(IOptions<NpmOptions> options)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(long TokenId, string Package), Entry> _entries = new();
    private readonly TimeSpan _lifetime = options.Value.AccessCacheLifetime;

    /// <summary>A decision that is still fresh and still about the same package row, or null.</summary>
    public Entry? Find(long tokenId, NpmPackageName name, DateTime now) =>
        _entries.TryGetValue((tokenId, Key(name)), out var entry) && entry.DecidedAt + _lifetime > now ? entry : null;

    public void Remember(long tokenId, NpmPackageName name, Entry entry)
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

        _entries[(tokenId, Key(name))] = entry;
    }

    public void Forget(long tokenId, NpmPackageName name) => _entries.TryRemove((tokenId, Key(name)), out _);

    private static string Key(NpmPackageName name) => name.FullName.ToLowerInvariant();

    /// <summary>An allowed read of one package, with the package row's state it was decided on.</summary>
    public sealed record Entry(Account Owner, long PackageId, DateTime UpdatedAt, Visibility Visibility, long? RepositoryId, DateTime DecidedAt)
    {
        public bool StillHolds(PackageStamp stamp) =>
            !stamp.Deleted && stamp.UpdatedAt == UpdatedAt && stamp.Visibility == Visibility && stamp.RepositoryId == RepositoryId;
    }
}
