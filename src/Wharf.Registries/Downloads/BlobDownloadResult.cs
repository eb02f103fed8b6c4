using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Wharf.Core.Blobs;

namespace Wharf.Registries.Downloads;

/// <summary>
/// The one download answer of every registry (npm tarballs, OCI blobs and manifests; nupkg, gem and jar next), whatever
/// the blob store: <c>ETag</c>, <c>If-None-Match</c>, <c>If-Range</c>, a single <c>Range</c> (suffix too, 416 past
/// the end) and HEAD. Kestrel has no sendfile(2) (its output pipe is the only way onto the socket), so the blob is
/// read straight into the response's output buffers: one copy in user space, where <c>PhysicalFile</c> makes two
/// through a 64 KiB array.
/// </summary>
public sealed class BlobDownloadResult(IBlobStore blobs, BlobDigest blob, string contentType, string etag, IResult notFound) : IResult
{
    /// <summary>Bytes read per step: large enough that a 1 GiB layer takes a few thousand reads and flushes.</summary>
    internal const int ChunkSize = 256 * 1024;

    /// <summary>Whether <c>Range</c> is honoured (blobs and tarballs); manifests are always sent whole.</summary>
    public bool AllowRanges { get; init; } = true;

    /// <summary>Counts a download: called once the blob is found, for a GET (not a HEAD, not a 304).</summary>
    public Action? CountDownload { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var content = await blobs.OpenAsync(blob, httpContext.RequestAborted);
        if (content is null)
        {
            // Garbage collection took it between the lookup and here: as if it had never been found.
            await notFound.ExecuteAsync(httpContext);
            return;
        }

        await using (content)
        {
            var length = content.Length;
            var entityTag = new EntityTagHeaderValue($"\"{etag}\"");
            response.Headers.ETag = entityTag.ToString();
            var requestHeaders = httpContext.Request.GetTypedHeaders();
            if (requestHeaders.IfNoneMatch is { Count: > 0 } ifNoneMatch && ifNoneMatch.Any(tag => tag.Compare(entityTag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.ContentType = contentType;
            if (AllowRanges)
            {
                response.Headers.AcceptRanges = "bytes";
            }

            var (start, count) = (0L, length);
            if (AllowRanges && SelectRange(httpContext.Request, requestHeaders, entityTag, length) is { } range)
            {
                if (range.Count == 0)
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{length}";
                    return;
                }

                (start, count) = range;
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{length}";
            }

            response.ContentLength = count;
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }

            CountDownload?.Invoke();

            await SendAsync(content, start, count, response.BodyWriter, httpContext.RequestAborted);
        }
    }

    private static async Task SendAsync(IBlobContent content, long offset, long count, System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(ChunkSize, count));
            var target = memory[..(int)Math.Min(memory.Length, count)];
            var read = await content.ReadAsync(target, offset, cancellationToken);
            if (read == 0)
            {
                // Blobs are immutable: a blob shorter than it was a moment ago is damage, and the client must not take
                // a short body for the whole. Failing here makes Kestrel abort the connection.
                throw new IOException($"blob file ended {count} bytes early");
            }

            writer.Advance(read);
            offset += read;
            count -= read;
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The one range to send, (0, 0) when it cannot be satisfied, or null to send everything: no Range, an If-Range
    /// that no longer matches, or several ranges (which a server may answer with the whole body; registries never ask).
    /// </summary>
    internal static (long Start, long Count)? SelectRange(HttpRequest request, RequestHeaders headers, EntityTagHeaderValue etag, long length)
    {
        if (StringValues.IsNullOrEmpty(request.Headers.Range) || !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        // An If-Range that is not our strong ETag (a date, another tag, or unreadable) asks for the whole body.
        if (!StringValues.IsNullOrEmpty(request.Headers.IfRange) &&
            headers.IfRange?.EntityTag?.Compare(etag, useStrongComparison: true) != true)
        {
            return null;
        }

        if (headers.Range is not { Unit.Value: "bytes", Ranges.Count: 1 } range)
        {
            return null;
        }

        var item = range.Ranges.First();
        if (item.From is { } from)
        {
            if (from >= length)
            {
                return (0, 0);
            }

            var to = Math.Min(item.To ?? length - 1, length - 1);
            return to < from ? null : (from, to - from + 1);
        }

        // bytes=-N: the last N bytes.
        var suffix = Math.Min(item.To ?? 0, length);
        return suffix <= 0 ? (0, 0) : (length - suffix, suffix);
    }
}
