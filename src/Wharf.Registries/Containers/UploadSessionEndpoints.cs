using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;

namespace Wharf.Registries.Containers;

/// <summary>
/// Blob upload sessions (OCI distribution-spec 1.1, "Pushing a blob in chunks", "Closing a blob upload", "Canceling an
/// upload"): chunks append at the session's offset under an <see cref="UploadClaim"/>, and the finishing PUT checks the
/// digest under one too, so a session is never written by two requests at once.
/// </summary>
internal static class UploadSessionEndpoints
{
    private const int BufferSize = 128 * 1024;

    /// <summary>PATCH: append a chunk at the session's offset (Content-Range must start there, else 416).</summary>
    public static async Task<IResult> PatchAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, _, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        if (ParseContentRange(request.Request.Headers.ContentRange.ToString()) is var (start, _) && start != upload.Offset)
        {
            return RangeNotSatisfiable(request, name, upload, "chunk out of order");
        }

        var claim = await UploadClaim.TryTakeAsync(request, upload);
        if (claim is null)
        {
            return await ClaimRefusedAsync(request, name, upload);
        }

        var advanced = false;
        try
        {
            BlobEndpoints.AllowLargeBody(request);
            if (upload.Offset == 0 && upload.Digest is null)
            {
                // The first chunk (for docker and skopeo, the whole blob) goes straight into the blob store, hashed on
                // the way: the finishing PUT then only compares digests, so each byte is written and hashed once.
                var written = await claim.HoldWhileAsync(token => request.Blobs.WriteAsync(request.Request.Body, new BlobWriteOptions
                {
                    ExpectedLength = request.Request.ContentLength,
                    MaxLength = request.MaxLayerBytes,
                }, token));
                if (!written.Succeeded)
                {
                    return SizeError(request, written.Status);
                }

                advanced = await claim.AdvanceAsync(written.Length, written.Sha256);
                return advanced ? UploadStatus(request, name, upload.Id, written.Length, StatusCodes.Status202Accepted) : await ClaimRefusedAsync(request, name, upload);
            }

            var (offset, status) = await claim.HoldWhileAsync(token => AppendAsync(request, upload, token));
            if (status != BlobWriteStatus.Stored)
            {
                return SizeError(request, status);
            }

            advanced = await claim.AdvanceAsync(offset, null);
            return advanced ? UploadStatus(request, name, upload.Id, offset, StatusCodes.Status202Accepted) : await ClaimRefusedAsync(request, name, upload);
        }
        catch (OperationCanceledException) when (claim.Lost)
        {
            return await ClaimRefusedAsync(request, name, upload);
        }
        finally
        {
            if (!advanced)
            {
                await claim.ReleaseAsync();
            }
        }
    }

    /// <summary>GET on a session: how far it got.</summary>
    public static async Task<IResult> StatusAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, _, error) = await FindUploadAsync(request, name, id);
        return upload is null ? error! : UploadStatus(request, name, upload.Id, upload.Offset, StatusCodes.Status204NoContent);
    }

    /// <summary>PUT ?digest=: the last chunk (maybe empty), then the digest check; the blob appears only if it matches.</summary>
    public static async Task<IResult> FinishAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, access, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        if (!OciDigest.TryParse(request.Request.Query["digest"].ToString(), out var hex))
        {
            return OciError.DigestInvalid("a digest query parameter is required to finish an upload");
        }

        if (ParseContentRange(request.Request.Headers.ContentRange.ToString()) is var (start, _) && start != upload.Offset)
        {
            return RangeNotSatisfiable(request, name, upload, "chunk out of order");
        }

        var claim = await UploadClaim.TryTakeAsync(request, upload);
        if (claim is null)
        {
            return await ClaimRefusedAsync(request, name, upload);
        }

        var ended = false;
        try
        {
            var (written, received) = await claim.HoldWhileAsync(token => CompleteBytesAsync(request, upload, hex, token));
            if (received is null)
            {
                // The last chunk itself failed (short, or past the size limit): the session stays as it was.
                return SizeError(request, written.Status);
            }

            var result = await BlobEndpoints.FinishWriteAsync(request, access!, written);
            if (written.Succeeded)
            {
                // The blob is stored and linked under its verified digest, whatever happens to the session row now.
                ended = await claim.CompleteAsync();
                request.Uploads.Delete(upload.Id);
            }
            else
            {
                // A failed check keeps what arrived, so a client that tries again sees the true offset.
                ended = await claim.AdvanceAsync(received.Value, received == upload.Offset ? upload.Digest : null);
            }

            return result;
        }
        catch (OperationCanceledException) when (claim.Lost)
        {
            return await ClaimRefusedAsync(request, name, upload);
        }
        finally
        {
            if (!ended)
            {
                await claim.ReleaseAsync();
            }
        }
    }

    /// <summary>DELETE on a session: cancel it and drop its bytes (a chunk streaming into it loses its claim).</summary>
    public static async Task<IResult> CancelAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, _, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        await request.Store.DeleteUploadAsync(upload.Id, request.Aborted);
        request.Uploads.Delete(upload.Id);
        return TypedResults.NoContent();
    }

    /// <summary>The headers every session answer carries: where to send the next chunk and what arrived so far.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult UploadStatus(ContainerRequest request, ImageName name, string id, long offset, int status)
    {
        var headers = request.Response.Headers;
        headers.Location = $"/v2/{name.Full}/blobs/uploads/{id}";
        headers["Docker-Upload-UUID"] = id;
        headers.Range = offset == 0 ? "0-0" : string.Create(CultureInfo.InvariantCulture, $"0-{offset - 1}");
        headers["OCI-Chunk-Min-Length"] = "0";
        return TypedResults.StatusCode(status);
    }

    /// <summary>Content-Range of a chunk, <c>START-END</c> (inclusive), or null when absent or malformed.</summary>
    internal static (long Start, long End)? ParseContentRange(string header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase) ? header[6..] : header;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 &&
            long.TryParse(text[..dash], CultureInfo.InvariantCulture, out var start) &&
            long.TryParse(text[(dash + 1)..], CultureInfo.InvariantCulture, out var end)
            ? (start, end)
            : null;
    }

    /// <summary>
    /// The whole blob for a finishing PUT, digest-checked: the stored first chunk, the body alone, or the upload file with
    /// the body appended. Also the bytes the session then holds, or null when the last chunk failed and must not count.
    /// </summary>
    private static async Task<(BlobWriteResult Written, long? Received)> CompleteBytesAsync(ContainerRequest request, ContainerUpload upload, string hex, CancellationToken cancellationToken)
    {
        if (upload.Digest is { } stored && !HasBody(request))
        {
            // Everything arrived in one chunk that is in the blob store already: only the digest is left to check.
            var check = stored == hex ? BlobWriteStatus.Stored : BlobWriteStatus.DigestMismatch;
            return (new BlobWriteResult(check, upload.Offset, stored), upload.Offset);
        }

        BlobEndpoints.AllowLargeBody(request);
        if (upload.Offset == 0 && request.Uploads.Length(upload.Id) == 0)
        {
            // Nothing waits on disk: stream the body straight into the store.
            var direct = await request.Blobs.WriteAsync(request.Request.Body, new BlobWriteOptions
            {
                ExpectedSha256 = hex,
                ExpectedLength = request.Request.ContentLength,
                MaxLength = request.MaxLayerBytes,
            }, cancellationToken);
            return (direct, direct.Status is BlobWriteStatus.Stored or BlobWriteStatus.DigestMismatch ? 0 : null);
        }

        var (offset, status) = await AppendAsync(request, upload, cancellationToken);
        if (status != BlobWriteStatus.Stored)
        {
            return (new BlobWriteResult(status, offset, ""), null);
        }

        await using var content = request.Uploads.OpenRead(upload.Id) ?? Stream.Null;
        var written = await request.Blobs.WriteAsync(content, new BlobWriteOptions { ExpectedSha256 = hex, ExpectedLength = offset }, cancellationToken);
        return (written, offset);
    }

    /// <summary>
    /// Appends the body at the session's offset (the caller holds the claim): the new offset, or why the chunk does not
    /// count (a body shorter or longer than its Content-Length, or one taking the blob past the layer limit).
    /// </summary>
    private static async Task<(long Offset, BlobWriteStatus Status)> AppendAsync(ContainerRequest request, ContainerUpload upload, CancellationToken cancellationToken)
    {
        var expected = request.Request.ContentLength;
        var room = request.MaxLayerBytes - upload.Offset;
        if (expected > room)
        {
            return (upload.Offset, BlobWriteStatus.TooLarge);
        }

        if (upload.Digest is { } stored)
        {
            // More bytes after a chunk that went straight into the blob store: bring those back into the upload file.
            await using var previous = await request.Blobs.OpenReadAsync(BlobDigest.Parse(stored), cancellationToken) ??
                throw new InvalidOperationException($"upload {upload.Id} holds blob {stored}, which is missing");
            await using var spill = request.Uploads.OpenAppend(upload.Id, 0);
            await previous.CopyToAsync(spill, BufferSize, cancellationToken);
        }

        long received = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = request.Uploads.OpenAppend(upload.Id, upload.Offset);
            int read;
            while ((read = await request.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received += read;
                if (received > room)
                {
                    return (upload.Offset, BlobWriteStatus.TooLarge);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return expected is { } length && length != received
            ? (upload.Offset, BlobWriteStatus.LengthMismatch)
            : (upload.Offset + received, BlobWriteStatus.Stored);
    }

    /// <summary>The caller's session on this image (with the write access that found it), or the error to answer.</summary>
    private static async Task<(ContainerUpload? Upload, ImageAccess? Access, IResult? Error)> FindUploadAsync(ContainerRequest request, ImageName name, string id)
    {
        var (access, error) = await ImageAccess.PushAsync(request, name);
        if (access is null)
        {
            return (null, null, error);
        }

        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return (null, null, OciError.UploadUnknown());
        }

        var upload = await request.Store.FindUploadAsync(id, request.Aborted);
        if (upload is null || upload.OwnerId != access.Owner.Id || upload.Repository != name.Image ||
            upload.UpdatedAt < request.Now - request.Options.UploadExpiry)
        {
            return (null, null, OciError.UploadUnknown());
        }

        return (upload, access, null);
    }

    private static OciError RangeNotSatisfiable(ContainerRequest request, ImageName name, ContainerUpload upload, string message)
    {
        UploadStatus(request, name, upload.Id, upload.Offset, StatusCodes.Status416RangeNotSatisfiable);
        return new OciError(StatusCodes.Status416RangeNotSatisfiable, OciErrorCodes.BlobUploadInvalid, message);
    }

    /// <summary>
    /// The answer for a request that could not take or keep the session's claim, from the session as it is now: 416 with
    /// its offset while it lives (another chunk holds it, or moved it on), 404 once a finished or cancelled upload removed it.
    /// </summary>
    private static async Task<OciError> ClaimRefusedAsync(ContainerRequest request, ImageName name, ContainerUpload upload)
    {
        var now = await request.Store.FindUploadAsync(upload.Id, CancellationToken.None);
        if (now is null)
        {
            return OciError.UploadUnknown();
        }

        return now.ClaimId is not null && now.UpdatedAt >= request.Now - request.Options.UploadClaimLease
            ? RangeNotSatisfiable(request, name, now, "another chunk is being written to this upload")
            : RangeNotSatisfiable(request, name, now, "chunk out of order");
    }

    /// <summary>A chunk that does not count: 413 past the layer limit, otherwise 400 for a body that broke its length.</summary>
    private static OciError SizeError(ContainerRequest request, BlobWriteStatus status) => status == BlobWriteStatus.TooLarge
        ? BlobEndpoints.TooLarge(request)
        : new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.SizeInvalid, "content length did not match the bytes received");

    /// <summary>Whether a body follows: a Content-Length above zero or a chunked body.</summary>
    private static bool HasBody(ContainerRequest request) =>
        request.Request.ContentLength > 0 || (request.Request.ContentLength is null && request.Request.Headers.TransferEncoding.Count > 0);
}
