using System.Collections.Concurrent;
using Wharf.Core.Metadata;

namespace Wharf.Core.Packages;

/// <summary>
/// Counts downloads in memory and writes them in batches, so the download path never waits on a database write.
/// A crash loses at most one flush interval of counts, which only feeds the 5,000-download deletion rule.
/// </summary>
public sealed class DownloadCounter
{
    private ConcurrentDictionary<long, long> _pending = new();

    public void Record(long versionId) => _pending.AddOrUpdate(versionId, 1, static (_, n) => n + 1);

    /// <summary>Counts recorded on this node and not yet written.</summary>
    public long Pending(long versionId) => _pending.TryGetValue(versionId, out var n) ? n : 0;

    /// <summary>Writes what has been counted so far.</summary>
    public async Task FlushAsync(IPackageStore store, CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<long, long>());
        if (batch.IsEmpty)
        {
            return;
        }

        try
        {
            await store.AddDownloadsAsync(batch, cancellationToken);
        }
        catch
        {
            // Put the counts back so the next flush tries again.
            foreach (var (id, n) in batch)
            {
                _pending.AddOrUpdate(id, n, (_, m) => m + n);
            }

            throw;
        }
    }
}
