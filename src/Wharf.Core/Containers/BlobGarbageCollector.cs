using Microsoft.Extensions.Options;
using Wharf.Core.Blobs;
using Wharf.Core.Metadata;

namespace Wharf.Core.Containers;

/// <summary>What one garbage collection run reclaimed.</summary>
/// <param name="TemporaryBlobsDeleted">Unfinished blob writes older than the grace period (left by a killed process).</param>
/// <param name="TemporaryBytesFreed">Their bytes.</param>
public sealed record GarbageCollectionReport(
    int BlobsDeleted, long BytesFreed, int BlobsKept, int UploadsExpired, int TemporaryBlobsDeleted, long TemporaryBytesFreed);

/// <summary>
/// <c>wharf gc</c>: reclaims blobs that no package file references (any type, deleted-but-restorable versions
/// included), expired upload sessions, and the temporary files of blob writes a killed process never finished. Safe
/// while pushes run: a blob is only taken once nothing references it and it has been untouched for the grace period
/// (its newest link to an image, else its file time), so layers pushed for a manifest not yet pushed stay; pulls and
/// HEAD checks refresh a link before it gets near the grace period. A temporary file goes only once nothing has been
/// written to it for the grace period, so a write still streaming keeps its file.
/// </summary>
public sealed class BlobGarbageCollector(
    IBlobStore blobs, IContainerStore store, IUploadArea uploads, IOptions<ContainerOptions> options, TimeProvider clock)
{
    public async Task<GarbageCollectionReport> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.Value;

        var expired = await store.ListUploadsUpdatedBeforeAsync(now - settings.UploadExpiry, cancellationToken);
        if (!dryRun)
        {
            foreach (var upload in expired)
            {
                await store.DeleteUploadAsync(upload.Id, cancellationToken);
                uploads.Delete(upload.Id);
            }

            // Bytes whose session row is gone (finished or cancelled while a node stopped) are orphans.
            var live = await store.ListUploadIdsAsync(cancellationToken);
            foreach (var id in uploads.List().Where(id => !live.Contains(id)).ToArray())
            {
                uploads.Delete(id);
            }
        }

        var cutoff = now - settings.GcGracePeriod;
        var held = await store.ListUploadDigestsAsync(cancellationToken);
        int deleted = 0, kept = 0;
        long freed = 0;
        await foreach (var digest in blobs.ListAsync(cancellationToken))
        {
            if (held.Contains(digest.Hex) || await store.IsReferencedAsync(digest.Hex, cancellationToken) ||
                await blobs.StatAsync(digest, cancellationToken) is not { } stat || stat.LastWrittenUtc > cutoff ||
                await store.LatestLinkAsync(digest.Hex, cancellationToken) is { } linked && linked > cutoff)
            {
                kept++;
                continue;
            }

            // Checked again right before deleting: a manifest may have been pushed while the scan ran.
            if (await store.IsReferencedAsync(digest.Hex, cancellationToken))
            {
                kept++;
                continue;
            }

            if (!dryRun)
            {
                await store.DeleteLinksAsync(digest.Hex, cancellationToken);
                await blobs.DeleteAsync(digest, cancellationToken);
            }

            deleted++;
            freed += stat.Length;
        }

        var (temporaryDeleted, temporaryFreed) = await CollectTemporaryAsync(cutoff, dryRun, cancellationToken);
        return new GarbageCollectionReport(deleted, freed, kept, expired.Count, temporaryDeleted, temporaryFreed);
    }

    private async Task<(int Deleted, long Freed)> CollectTemporaryAsync(DateTime cutoff, bool dryRun, CancellationToken cancellationToken)
    {
        int deleted = 0;
        long freed = 0;
        await foreach (var temporary in blobs.ListTemporaryAsync(cancellationToken))
        {
            if (temporary.LastWrittenAt <= cutoff && (dryRun || await blobs.DeleteTemporaryAsync(temporary.Name, cutoff, cancellationToken)))
            {
                deleted++;
                freed += temporary.Length;
            }
        }

        return (deleted, freed);
    }
}
