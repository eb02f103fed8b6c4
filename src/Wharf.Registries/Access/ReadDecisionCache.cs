using System.Collections.Concurrent;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Registries.Access;

/// <summary>
/// Recent allowed reads, by token and package, for registries whose clients ask for many documents of one package
/// with the same token (npm packuments and tarballs, container manifests). A decision costs several queries (owner,
/// package, repository, roles); it is reused for a short lifetime, and only while the package row is unchanged:
/// visibility, linked repository, deletion and settings changes show in its <see cref="PackageStamp"/> at once.
/// Changes to a person's roles (collaborators, teams, memberships) take effect within the lifetime, as revoked tokens
/// do on other nodes with the token cache.
/// </summary>
public class ReadDecisionCache<TKey>(TimeSpan lifetime)
    where TKey : notnull
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(long TokenId, TKey Key), ReadDecision> _entries = new();

    /// <summary>A decision that is still fresh, or null; the caller checks it against the package's current stamp.</summary>
    public ReadDecision? Find(long tokenId, TKey key, DateTime now) =>
        _entries.TryGetValue((tokenId, key), out var decision) && decision.DecidedAt + lifetime > now ? decision : null;

    /// <summary>Keeps a decision made on the row <paramref name="stamp"/> describes; one made on an older row is not kept.</summary>
    public void Remember(long tokenId, TKey key, ReadDecision decision, PackageStamp stamp)
    {
        if (lifetime <= TimeSpan.Zero || !decision.StillHolds(stamp))
        {
            return;
        }

        // Bounded: a flood of distinct names must not grow memory without limit.
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(tokenId, key)] = decision;
    }

    public void Forget(long tokenId, TKey key) => _entries.TryRemove((tokenId, key), out _);
}

/// <summary>An allowed read of one package, with the state of the package row it was decided on.</summary>
public sealed record ReadDecision(Account Owner, Package Package, DateTime DecidedAt)
{
    public bool StillHolds(PackageStamp stamp) =>
        !stamp.Deleted && stamp.PackageId == Package.Id && stamp.UpdatedAt == Package.UpdatedAt &&
        stamp.Visibility == Package.Visibility && stamp.RepositoryId == Package.RepositoryId;
}
