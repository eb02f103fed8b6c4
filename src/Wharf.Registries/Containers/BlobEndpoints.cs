using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;

namespace Wharf.Registries.Containers;

/// <summary>
/// Blobs and blob uploads (OCI distribution-spec 1.1, "Pulling blobs", "Pushing blobs", "Mounting a blob from another
/// repository", "Deleting blobs"). Bodies stream from the socket into the upload file or the blob store through one
/// pooled buffer; nothing is held in memory.
/// </summary>
public static class BlobEndpoints
{
    private const int BufferSize = 128 * 1024;

    /// <summary>GET/HEAD /v2/NAME/blobs/DIGEST, with Range (zero-copy from disk).</summary>
    public static async Task<IResult> GetAsync(ContainerRequest request, ImageName name, string reference)
    {
        var (access, error) = await ImageAccess.ReadOrCreateAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        if (!OciDigest.TryParse(reference, out var hex))
        {
            return OciError.DigestInvalid("invalid digest");
        }

        var link = await request.Store.FindBlobLinkAsync(access.Owner.Id, name.Image, hex, request.Aborted);
        var digest = BlobDigest.Parse(hex);
        if (link is null || !await request.Blobs.ExistsAsync(digest, request.Aborted))
        {
            return OciError.BlobUnknown();
        }

        // A blob in use keeps a fresh link, so garbage collection never takes it between a HEAD and the manifest push.
        if (link.CreatedAt < request.Now - (request.Options.GcGracePeriod / 2))
        {
            await request.Store.LinkBlobAsync(access.Owner.Id, name.Image, hex, link.Size, request.Now, request.Aborted);
        }

        request.Response.Headers["Docker-Content-Digest"] = reference;
        var path = request.Blobs.FindLocalPath(digest);
        if (HttpMethods.IsHead(request.Request.Method))
        {
            request.Response.Headers.AcceptRanges = "bytes";
            request.Response.Headers.ETag = $"\"{reference}\"";
            request.Response.ContentLength = path is null ? link.Size : new FileInfo(path).Length;
            request.Response.ContentType = "application/octet-stream";
            return TypedResults.Ok();
        }

        if (path is not null)
        {
            return TypedResults.PhysicalFile(path, "application/octet-stream", enableRangeProcessing: true, entityTag: new EntityTagHeaderValue($"\"{reference}\""));
        }

        var stream = await request.Blobs.OpenReadAsync(digest, request.Aborted);
        return stream is null ? OciError.BlobUnknown() : TypedResults.Stream(stream, "application/octet-stream", enableRangeProcessing: true);
    }

    /// <summary>DELETE of a blob: blobs belong to manifests here and go with <c>wharf gc</c>.</summary>
    public static IResult Delete() => OciError.Unsupported("blobs are reclaimed by garbage collection once no manifest references them");

    /// <summary>POST /v2/NAME/blobs/uploads/: mount, monolithic upload with ?digest=, or a new session.</summary>
    public static async Task<IResult> StartAsync(ContainerRequest request, ImageName name)
    {
        var (access, error) = await ImageAccess.WriteAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        var query = request.Request.Query;
        if (query.TryGetValue("mount", out var mount) && OciDigest.TryParse(mount, out var mountHex) &&
            await TryMountAsync(request, access, query["from"].ToString(), mountHex))
        {
            return BlobCreated(request, name, mountHex);
        }

        if (query.TryGetValue("digest", out var digestValue))
        {
            if (!OciDigest.TryParse(digestValue, out var hex))
            {
                return OciError.DigestInvalid("invalid digest");
            }

            AllowLargeBody(request);
            var written = await request.Blobs.WriteAsync(request.Request.Body, new BlobWriteOptions
            {
                ExpectedSha256 = hex,
                ExpectedLength = request.Request.ContentLength,
            }, request.Aborted);
            return await FinishWriteAsync(request, access, written);
        }

        var upload = new ContainerUpload
        {
            Id = Guid.NewGuid().ToString("N"),
            OwnerId = access.Owner.Id,
            Repository = name.Image,
            UserId = request.Principal.UserId,
            CreatedAt = request.Now,
            UpdatedAt = request.Now,
        };
        await request.Store.AddUploadAsync(upload, request.Aborted);
        return UploadStatus(request, name, upload.Id, 0, StatusCodes.Status202Accepted);
    }

    /// <summary>PATCH: append a chunk at the session's offset (Content-Range must start there, else 416).</summary>
    public static async Task<IResult> PatchAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        if (IsClaimed(upload) ||
            (ParseContentRange(request.Request.Headers.ContentRange.ToString()) is var (start, _) && start != upload.Offset))
        {
            return RangeNotSatisfiable(request, name, upload);
        }

        if (upload.Offset == 0 && upload.Digest is null)
        {
            if (!await TryClaimAsync(request, upload))
            {
                return await ClaimLostAsync(request, name, upload);
            }

            // The first chunk (for docker and skopeo, the whole blob) goes straight into the blob store, hashed on the
            // way: the finishing PUT then only compares digests, so each byte is written and hashed once.
            var advanced = false;
            try
            {
                AllowLargeBody(request);
                var written = await request.Blobs.WriteAsync(request.Request.Body, new BlobWriteOptions { ExpectedLength = request.Request.ContentLength }, request.Aborted);
                if (!written.Succeeded)
                {
                    return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.SizeInvalid, "content length did not match the bytes received");
                }

                advanced = await request.Store.TryAdvanceUploadAsync(upload.Id, ClaimOf(0), written.Length, written.Sha256, request.Now, request.Aborted);
                return advanced
                    ? UploadStatus(request, name, upload.Id, written.Length, StatusCodes.Status202Accepted)
                    : await ClaimLostAsync(request, name, upload);
            }
            finally
            {
                if (!advanced)
                {
                    await ReleaseClaimAsync(request, upload);
                }
            }
        }

        var (offset, failure) = await AppendAsync(request, name, upload);
        return failure ?? UploadStatus(request, name, upload.Id, offset, StatusCodes.Status202Accepted);
    }

    /// <summary>GET on a session: how far it got.</summary>
    public static async Task<IResult> StatusAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, error) = await FindUploadAsync(request, name, id);
        return upload is null ? error! : UploadStatus(request, name, upload.Id, Received(upload), StatusCodes.Status204NoContent);
    }

    /// <summary>PUT ?digest=: the last chunk (maybe empty), then the digest check; the blob appears only if it matches.</summary>
    public static async Task<IResult> FinishAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        if (!OciDigest.TryParse(request.Request.Query["digest"].ToString(), out var hex))
        {
            return OciError.DigestInvalid("a digest query parameter is required to finish an upload");
        }

        if (IsClaimed(upload) ||
            (ParseContentRange(request.Request.Headers.ContentRange.ToString()) is var (start, _) && start != upload.Offset))
        {
            return RangeNotSatisfiable(request, name, upload);
        }

        var access = new ImageAccess(name, (await request.Accounts.FindByIdAsync(upload.OwnerId, request.Aborted))!, null);
        BlobWriteResult written;
        if (upload.Digest is { } stored && !HasBody(request))
        {
            // Everything arrived in one chunk that is in the blob store already: only the digest is left to check.
            written = stored == hex
                ? new BlobWriteResult(BlobWriteStatus.Stored, upload.Offset, stored)
                : new BlobWriteResult(BlobWriteStatus.DigestMismatch, upload.Offset, stored);
        }
        else if (upload.Offset == 0 && request.Uploads.Length(upload.Id) == 0)
        {
            // Nothing waits on disk: stream the body straight into the store.
            AllowLargeBody(request);
            written = await request.Blobs.WriteAsync(request.Request.Body, new BlobWriteOptions
            {
                ExpectedSha256 = hex,
                ExpectedLength = request.Request.ContentLength,
            }, request.Aborted);
        }
        else
        {
            var (offset, failure) = await AppendAsync(request, name, upload);
            if (failure is not null)
            {
                return failure;
            }

            await using var content = request.Uploads.OpenRead(upload.Id) ?? Stream.Null;
            written = await request.Blobs.WriteAsync(content, new BlobWriteOptions { ExpectedSha256 = hex, ExpectedLength = offset }, request.Aborted);
        }

        var result = await FinishWriteAsync(request, access, written);
        if (written.Succeeded)
        {
            await request.Store.DeleteUploadAsync(upload.Id, request.Aborted);
            request.Uploads.Delete(upload.Id);
        }

        return result;
    }

    /// <summary>DELETE on a session: cancel it and drop its bytes.</summary>
    public static async Task<IResult> CancelAsync(ContainerRequest request, ImageName name, string id)
    {
        var (upload, error) = await FindUploadAsync(request, name, id);
        if (upload is null)
        {
            return error!;
        }

        await request.Store.DeleteUploadAsync(upload.Id, request.Aborted);
        request.Uploads.Delete(upload.Id);
        return TypedResults.NoContent();
    }

    private static async Task<bool> TryMountAsync(ContainerRequest request, ImageAccess target, string from, string hex)
    {
        // Mount only from an image the caller can read; otherwise the client gets a normal upload session (spec).
        if (!ImageName.TryParse(from, out var source))
        {
            return false;
        }

        var (readable, _) = await ImageAccess.ReadAsync(request, source);
        if (readable is null)
        {
            return false;
        }

        var link = await request.Store.FindBlobLinkAsync(readable.Owner.Id, source.Image, hex, request.Aborted);
        if (link is null || !await request.Blobs.ExistsAsync(BlobDigest.Parse(hex), request.Aborted))
        {
            return false;
        }

        await request.Store.LinkBlobAsync(target.Owner.Id, target.Name.Image, hex, link.Size, request.Now, request.Aborted);
        return true;
    }

    private static async Task<IResult> FinishWriteAsync(ContainerRequest request, ImageAccess access, BlobWriteResult written)
    {
        switch (written.Status)
        {
            case BlobWriteStatus.DigestMismatch:
                return OciError.DigestInvalid();
            case BlobWriteStatus.LengthMismatch:
                return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.SizeInvalid, "provided length did not match content length");
            case BlobWriteStatus.TooLarge:
                return new OciError(StatusCodes.Status413PayloadTooLarge, OciErrorCodes.SizeInvalid, "blob too large");
        }

        await request.Store.LinkBlobAsync(access.Owner.Id, access.Name.Image, written.Sha256, written.Length, request.Now, request.Aborted);
        return BlobCreated(request, access.Name, written.Sha256);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Created BlobCreated(ContainerRequest request, ImageName name, string hex)
    {
        request.Response.Headers["Docker-Content-Digest"] = OciDigest.Of(hex);
        return TypedResults.Created($"/v2/{name.Full}/blobs/{OciDigest.Of(hex)}");
    }

    private static async Task<(ContainerUpload? Upload, IResult? Error)> FindUploadAsync(ContainerRequest request, ImageName name, string id)
    {
        var (access, error) = await ImageAccess.WriteAsync(request, name);
        if (access is null)
        {
            return (null, error);
        }

        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return (null, OciError.UploadUnknown());
        }

        var upload = await request.Store.FindUploadAsync(id, request.Aborted);
        if (upload is null || upload.OwnerId != access.Owner.Id || upload.Repository != name.Image ||
            upload.UpdatedAt < request.Now - request.Options.UploadExpiry)
        {
            return (null, OciError.UploadUnknown());
        }

        return (upload, null);
    }

    /// <summary>Appends the body at the session's offset under a claim on the session; returns the new offset.</summary>
    private static async Task<(long Offset, IResult? Error)> AppendAsync(ContainerRequest request, ImageName name, ContainerUpload upload)
    {
        if (!await TryClaimAsync(request, upload))
        {
            return (upload.Offset, await ClaimLostAsync(request, name, upload));
        }

        var advanced = false;
        try
        {
            var result = await AppendClaimedAsync(request, name, upload);
            advanced = result.Error is null;
            return result;
        }
        finally
        {
            if (!advanced)
            {
                await ReleaseClaimAsync(request, upload);
            }
        }
    }

    private static async Task<(long Offset, IResult? Error)> AppendClaimedAsync(ContainerRequest request, ImageName name, ContainerUpload upload)
    {
        AllowLargeBody(request);
        if (upload.Digest is { } stored)
        {
            // More bytes after a chunk that went straight into the blob store: bring those back into the upload file.
            await using var previous = await request.Blobs.OpenReadAsync(BlobDigest.Parse(stored), request.Aborted);
            if (previous is null)
            {
                return (upload.Offset, OciError.UploadUnknown());
            }

            await using var spill = request.Uploads.OpenAppend(upload.Id, 0);
            await previous.CopyToAsync(spill, BufferSize, request.Aborted);
        }

        var expected = request.Request.ContentLength;
        long received = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (var file = request.Uploads.OpenAppend(upload.Id, upload.Offset))
            {
                int read;
                while ((read = await request.Request.Body.ReadAsync(buffer, request.Aborted)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), request.Aborted);
                    received += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (expected is { } length && length != received)
        {
            return (upload.Offset, new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.SizeInvalid, "content length did not match the bytes received"));
        }

        var offset = upload.Offset + received;
        if (!await request.Store.TryAdvanceUploadAsync(upload.Id, ClaimOf(upload.Offset), offset, null, request.Now, request.Aborted))
        {
            return (upload.Offset, await ClaimLostAsync(request, name, upload));
        }

        upload.Offset = offset;
        return (offset, null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult UploadStatus(ContainerRequest request, ImageName name, string id, long offset, int status)
    {
        var headers = request.Response.Headers;
        headers.Location = $"/v2/{name.Full}/blobs/uploads/{id}";
        headers["Docker-Upload-UUID"] = id;
        headers.Range = offset == 0 ? "0-0" : string.Create(CultureInfo.InvariantCulture, $"0-{offset - 1}");
        headers["OCI-Chunk-Min-Length"] = "0";
        return TypedResults.StatusCode(status);
    }

    private static OciError RangeNotSatisfiable(ContainerRequest request, ImageName name, ContainerUpload upload)
    {
        UploadStatus(request, name, upload.Id, Received(upload), StatusCodes.Status416RangeNotSatisfiable);
        return IsClaimed(upload)
            ? new OciError(StatusCodes.Status416RangeNotSatisfiable, OciErrorCodes.BlobUploadInvalid, "another chunk is being written to this upload")
            : new OciError(StatusCodes.Status416RangeNotSatisfiable, OciErrorCodes.BlobUploadInvalid, "chunk out of order");
    }

    // A chunk claims its session before it streams: a conditional UPDATE moves the offset from N to the marker -(N + 1),
    // so the row, not a lock in one process, decides which of two concurrent chunks (on any node) writes; the other
    // gets 416 instead of racing on the upload file. The finished chunk moves the marker to the new offset; a failed one
    // puts N back. A node that dies mid-chunk leaves the marker until the session expires.
    private static long ClaimOf(long offset) => -(offset + 1);

    private static bool IsClaimed(ContainerUpload upload) => upload.Offset < 0;

    /// <summary>Bytes received so far, also while a chunk holds the claim.</summary>
    private static long Received(ContainerUpload upload) => IsClaimed(upload) ? -upload.Offset - 1 : upload.Offset;

    private static Task<bool> TryClaimAsync(ContainerRequest request, ContainerUpload upload) =>
        request.Store.TryAdvanceUploadAsync(upload.Id, upload.Offset, ClaimOf(upload.Offset), upload.Digest, request.Now, request.Aborted);

    private static async Task ReleaseClaimAsync(ContainerRequest request, ContainerUpload upload) =>
        // Not the request's token: an aborted chunk must still give the session back.
        await request.Store.TryAdvanceUploadAsync(upload.Id, ClaimOf(upload.Offset), upload.Offset, upload.Digest, request.Now, CancellationToken.None);

    /// <summary>The 416 for a chunk that lost the session to another, with the session's state as it is now.</summary>
    private static async Task<OciError> ClaimLostAsync(ContainerRequest request, ImageName name, ContainerUpload upload) =>
        RangeNotSatisfiable(request, name, await request.Store.FindUploadAsync(upload.Id, CancellationToken.None) ?? upload);

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

    /// <summary>Whether a body follows: a Content-Length above zero or a chunked body.</summary>
    private static bool HasBody(ContainerRequest request) =>
        request.Request.ContentLength > 0 || (request.Request.ContentLength is null && request.Request.Headers.TransferEncoding.Count > 0);

    private static void AllowLargeBody(ContainerRequest request)
    {
        // Layers are gigabytes; the stream is never buffered, so the server's default body cap does not apply.
        if (request.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
    }
}
