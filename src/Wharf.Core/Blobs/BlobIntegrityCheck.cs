using System.Buffers;
using System.Security.Cryptography;
using Wharf.Core.Metadata;

namespace Wharf.Core.Blobs;

/// <summary>
/// <c>wharf fsck</c>: checks that metadata and blobs agree, changing nothing. Every package file (deleted but
/// restorable versions included), image blob link and upload session holding a digest must find its blob, package
/// files with their recorded size; with digest verification every blob is re-hashed against its name. Blobs nothing
/// references are counted, not reported: <c>wharf gc</c> reclaims them; so are the temporary files of unfinished
/// writes, which never became blobs. Safe while the server runs: a reference
/// whose blob is missing is looked up again before it is reported, so a purge or collection racing the scan is not
/// taken for damage.
/// </summary>
public sealed class BlobIntegrityCheck(IBlobStore blobs, IPackageStore packages, IContainerStore containers)
{
    private const int PageSize = 1000;
    private const int HashBufferSize = 128 * 1024;

    public async Task<BlobIntegrityReport> CheckAsync(bool verifyDigests, CancellationToken cancellationToken)
    {
        var problems = new List<BlobProblem>();
        var files = await CheckFilesAsync(problems, cancellationToken);
        var links = await CheckLinksAsync(problems, cancellationToken);
        var uploads = await containers.ListUploadBlobReferencesAsync(cancellationToken);
        foreach (var upload in uploads)
        {
            if (!await ExistsAsync(upload.Digest, cancellationToken) &&
                await containers.FindUploadAsync(upload.Id, cancellationToken) is { } still && still.Digest == upload.Digest)
            {
                problems.Add(new BlobProblem(BlobProblemKind.Missing, upload.Digest, [], [], [upload]));
            }
        }

        var held = uploads.Select(u => u.Digest).ToHashSet(StringComparer.Ordinal);
        int checkedBlobs = 0, verified = 0, unreferenced = 0;
        await foreach (var digest in blobs.ListAsync(cancellationToken))
        {
            checkedBlobs++;
            if (!held.Contains(digest.Hex) && !await containers.IsReferencedAsync(digest.Hex, cancellationToken))
            {
                unreferenced++;
            }

            if (!verifyDigests || await HashAsync(digest, cancellationToken) is not { } actual)
            {
                continue;
            }

            verified++;
            if (actual != digest.Hex)
            {
                problems.Add(new BlobProblem(
                    BlobProblemKind.Corrupt, digest.Hex,
                    await AllAsync((q, c) => packages.ListFileReferencesAsync(q, c), f => f.Id, digest.Hex, cancellationToken),
                    await AllAsync((q, c) => containers.ListBlobLinkReferencesAsync(q, c), l => l.Id, digest.Hex, cancellationToken),
                    [.. uploads.Where(u => u.Digest == digest.Hex)],
                    ActualDigest: actual));
            }
        }

        int temporary = 0;
        long temporaryBytes = 0;
        await foreach (var unfinished in blobs.ListTemporaryAsync(cancellationToken))
        {
            temporary++;
            temporaryBytes += unfinished.Length;
        }

        return new BlobIntegrityReport(files, links, uploads.Count, checkedBlobs, verified, unreferenced, problems, temporary, temporaryBytes);
    }

    private async Task<int> CheckFilesAsync(List<BlobProblem> problems, CancellationToken cancellationToken)
    {
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = await packages.ListFileReferencesAsync(new BlobReferenceQuery(after, PageSize), cancellationToken);
            foreach (var file in page)
            {
                count++;
                var length = await LengthAsync(file.Sha256, cancellationToken);
                if (length is null)
                {
                    // Purged and collected since the page was read: nothing references it any more, nothing is lost.
                    if (await containers.IsReferencedAsync(file.Sha256, cancellationToken))
                    {
                        problems.Add(new BlobProblem(BlobProblemKind.Missing, file.Sha256, [file], [], []));
                    }
                }
                else if (length != file.Size)
                {
                    problems.Add(new BlobProblem(BlobProblemKind.WrongSize, file.Sha256, [file], [], [], file.Size, length));
                }
            }

            if (page.Count < PageSize)
            {
                return count;
            }

            after = page[^1].Id;
        }
    }

    private async Task<int> CheckLinksAsync(List<BlobProblem> problems, CancellationToken cancellationToken)
    {
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = await containers.ListBlobLinkReferencesAsync(new BlobReferenceQuery(after, PageSize), cancellationToken);
            foreach (var link in page)
            {
                count++;

                // Garbage collection drops an image's links before the blob, so a link still there names a lost blob.
                if (!await ExistsAsync(link.Digest, cancellationToken) &&
                    await containers.FindBlobLinkAsync(link.OwnerId, link.Repository, link.Digest, null, cancellationToken) is not null)
                {
                    problems.Add(new BlobProblem(BlobProblemKind.Missing, link.Digest, [], [link], []));
                }
            }

            if (page.Count < PageSize)
            {
                return count;
            }

            after = page[^1].Id;
        }
    }

    private async Task<bool> ExistsAsync(string hex, CancellationToken cancellationToken) =>
        BlobDigest.TryParse(hex, out var digest) && await blobs.ExistsAsync(digest.Value, cancellationToken);

    /// <summary>The blob's length; null when absent (or the recorded digest is no digest at all).</summary>
    private async Task<long?> LengthAsync(string hex, CancellationToken cancellationToken)
    {
        if (!BlobDigest.TryParse(hex, out var digest))
        {
            return null;
        }

        return (await blobs.StatAsync(digest.Value, cancellationToken))?.Length;
    }

    /// <summary>
    /// The hex SHA-256 of the blob's content, read through one pooled buffer (constant memory whatever the blob's
    /// size); null when it went away meanwhile.
    /// </summary>
    private async Task<string?> HashAsync(BlobDigest digest, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(digest, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Every reference to one digest, page by page.</summary>
    private static async Task<IReadOnlyList<T>> AllAsync<T>(
        Func<BlobReferenceQuery, CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, long> id, string digest, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        long after = 0;
        while (true)
        {
            var page = await list(new BlobReferenceQuery(after, PageSize, digest), cancellationToken);
            all.AddRange(page);
            if (page.Count < PageSize)
            {
                return all;
            }

            after = id(page[^1]);
        }
    }
}
