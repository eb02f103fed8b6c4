using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;
using Wharf.Registries.Downloads;

namespace Wharf.Registries.Containers;

/// <summary>
/// Blobs (OCI distribution-spec 1.1, "Pulling blobs", "Pushing a blob monolithically", "Mounting a blob from another
/// repository", "Deleting blobs") and the POST that opens an upload session (<see cref="UploadSessionEndpoints"/>).
/// Bodies stream from the socket into the blob store; nothing is held in memory.
/// </summary>
public static class BlobEndpoints
{
    /// <summary>GET/HEAD /v2/NAME/blobs/DIGEST, with Range (zero-copy from disk).</summary>
    public static async Task<IResult> GetAsync(ContainerRequest request, ImageName name, string reference)
    {
        var (reader, error) = await ImageAccess.BlobReadAsync(request, name);
        if (reader is null)
        {
            return error!;
        }

        if (!OciDigest.TryParse(reference, out var hex))
        {
            return OciError.DigestInvalid("invalid digest");
        }

        var owner = reader.Access.Owner;
        var link = await request.Store.FindBlobLinkAsync(owner.Id, name.Image, hex, reader.OwnLinksOf, request.Aborted);
        var digest = BlobDigest.Parse(hex);
        if (link is null || !await request.Blobs.ExistsAsync(digest, request.Aborted))
        {
            return OciError.BlobUnknown();
        }

        // A blob in use keeps a fresh link, so garbage collection never takes it between a HEAD and the manifest push.
        if (link.CreatedAt < request.Now - (request.Options.GcGracePeriod / 2))
        {
            await request.Store.TouchBlobLinksAsync(owner.Id, name.Image, hex, request.Now, request.Aborted);
        }

        // GET and HEAD alike, so HEAD answers validators (If-None-Match) as GET does.
        request.Response.Headers["Docker-Content-Digest"] = reference;
        return new BlobDownloadResult(request.Blobs, digest, "application/octet-stream", reference, OciError.BlobUnknown());
    }

    /// <summary>DELETE of a blob: blobs belong to manifests here and go with <c>wharf gc</c>.</summary>
    public static IResult Delete() => OciError.Unsupported("blobs are reclaimed by garbage collection once no manifest references them");

    /// <summary>POST /v2/NAME/blobs/uploads/: mount, monolithic upload with ?digest=, or a new session.</summary>
    public static async Task<IResult> StartAsync(ContainerRequest request, ImageName name)
    {
        var (access, error) = await ImageAccess.PushAsync(request, name);
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
                MaxLength = request.MaxLayerBytes,
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
        return UploadSessionEndpoints.UploadStatus(request, name, upload.Id, 0, StatusCodes.Status202Accepted);
    }

    private static async Task<bool> TryMountAsync(ContainerRequest request, ImageAccess target, string from, string hex)
    {
        // A mount is a read of the source under the blob read rule; refused, the client gets a normal upload session (spec).
        if (!ImageName.TryParse(from, out var source))
        {
            return false;
        }

        var (reader, _) = await ImageAccess.BlobReadAsync(request, source);
        if (reader is null)
        {
            return false;
        }

        var link = await request.Store.FindBlobLinkAsync(reader.Access.Owner.Id, source.Image, hex, reader.OwnLinksOf, request.Aborted);
        if (link is null || !await request.Blobs.ExistsAsync(BlobDigest.Parse(hex), request.Aborted))
        {
            return false;
        }

        await request.Store.LinkBlobAsync(target.Owner.Id, target.Name.Image, hex, link.Size, request.Principal.UserId ?? ContainerBlobLink.NoUser, request.Now, request.Aborted);
        return true;
    }

    /// <summary>The answer to a finished blob write: an OCI error, or 201 after linking the blob to the image.</summary>
    internal static async Task<IResult> FinishWriteAsync(ContainerRequest request, ImageAccess access, BlobWriteResult written)
    {
        switch (written.Status)
        {
            case BlobWriteStatus.DigestMismatch:
                return OciError.DigestInvalid();
            case BlobWriteStatus.LengthMismatch:
                return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.SizeInvalid, "provided length did not match content length");
            case BlobWriteStatus.TooLarge:
                return TooLarge(request);
        }

        await request.Store.LinkBlobAsync(access.Owner.Id, access.Name.Image, written.Sha256, written.Length, request.Principal.UserId ?? ContainerBlobLink.NoUser, request.Now, request.Aborted);
        return BlobCreated(request, access.Name, written.Sha256);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Created BlobCreated(ContainerRequest request, ImageName name, string hex)
    {
        request.Response.Headers["Docker-Content-Digest"] = OciDigest.Of(hex);
        return TypedResults.Created($"/v2/{name.Full}/blobs/{OciDigest.Of(hex)}");
    }

    /// <summary>The answer for a blob past the layer limit (ghcr.io: 10 GB a layer; docker.pkg.github.com: 5 GB).</summary>
    internal static OciError TooLarge(ContainerRequest request) =>
        new(StatusCodes.Status413PayloadTooLarge, OciErrorCodes.SizeInvalid, $"blob too large: a layer may have at most {request.MaxLayerBytes} bytes");

    internal static void AllowLargeBody(ContainerRequest request)
    {
        // Layers are gigabytes; the stream is never buffered, so the server's default body cap does not apply.
        if (request.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
    }
}
