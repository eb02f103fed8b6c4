using Wharf.Core.Metadata;

namespace Wharf.Core.Blobs;

/// <summary>
/// Gives back at once what a publish stored but did not publish (refused once its manifest was read, invalid, or
/// failed), so that refused bytes do not wait for <c>wharf gc</c>. Blobs are content-addressed, so the same bytes may
/// belong to others: a blob is deleted only when the write being undone created it, and nothing references it (a
/// package file of any version not yet purged, an image's blob link, an upload session). A concurrent publish of the
/// very same bytes that found them already stored, and has not committed yet, is the one holder it cannot see; the
/// refused publish that created them would have to fail within that moment.
/// </summary>
public sealed class BlobReclaimer(IBlobStore blobs, IContainerStore references)
{
    /// <summary>Deletes <paramref name="blob"/> unless it was in the store before its write or is referenced; true when deleted.</summary>
    public async Task<bool> ReclaimAsync(BlobWriteResult blob, CancellationToken cancellationToken)
    {
        if (!blob.Succeeded || !blob.Created)
        {
            return false;
        }

        var digest = blob.Digest;
        if (await references.IsReferencedAsync(digest.Hex, cancellationToken) ||
            await references.LatestLinkAsync(digest.Hex, cancellationToken) is not null ||
            (await references.ListUploadDigestsAsync(cancellationToken)).Contains(digest.Hex))
        {
            return false;
        }

        await blobs.DeleteAsync(digest, cancellationToken);
        return true;
    }
}
