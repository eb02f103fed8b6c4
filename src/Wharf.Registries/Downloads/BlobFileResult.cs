using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Wharf.Registries.Downloads;

/// <summary>
/// Sends a blob from local disk with <c>ETag</c>, <c>If-None-Match</c>, <c>If-Range</c> and a single <c>Range</c>.
/// Kestrel has no sendfile(2) (its output pipe is the only way onto the socket), so the file is read straight into
/// the response's output buffers: one copy in user space, where <c>PhysicalFile</c> makes two through a 64 KiB array.
/// </summary>
public sealed class BlobFileResult(string path, string contentType, string digest, IResult notFound) : IResult
{
    /// <summary>Bytes read per step: large enough that a 1 GiB layer takes a few thousand reads and flushes.</summary>
    internal const int ChunkSize = 256 * 1024;

    /// <summary>Whether <c>Range</c> is honoured (blobs and tarballs); manifests are always sent whole.</summary>
    public bool AllowRanges { get; init; } = true;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Garbage collection took it between the lookup and here: as if it had never been found.
            await notFound.ExecuteAsync(httpContext);
            return;
        }

        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            var etag = new EntityTagHeaderValue($"\"{digest}\"");
            response.Headers.ETag = etag.ToString();
            var requestHeaders = httpContext.Request.GetTypedHeaders();
            if (requestHeaders.IfNoneMatch is { Count: > 0 } ifNoneMatch && ifNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
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
            if (AllowRanges && SelectRange(httpContext.Request, requestHeaders, etag, length) is { } range)
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

            await SendAsync(handle, start, count, response.BodyWriter, httpContext.RequestAborted);
        }
    }

    private static async Task SendAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long count, System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(ChunkSize, count));
            var target = memory[..(int)Math.Min(memory.Length, count)];
            var read = await RandomAccess.ReadAsync(handle, target, offset, cancellationToken);
            if (read == 0)
            {
                // Blobs are immutable: a file shorter than it was a moment ago is damage, and the client must not take
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
