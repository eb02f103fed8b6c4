using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;
using Wharf.Core.Outcomes;
using Wharf.Core.Packages;
using Wharf.Registries.Downloads;
using Wharf.Core.Repositories;

namespace Wharf.Registries.Containers;

/// <summary>
/// Manifests (OCI distribution-spec 1.1 "Pulling manifests", "Pushing manifests", "Deleting manifests"). Every
/// manifest digest is a package version; tags are the package's container tags.
/// </summary>
public static class ManifestEndpoints
{
    private const string SourceLabel = "org.opencontainers.image.source";
    private const string DescriptionLabel = "org.opencontainers.image.description";
    private const string LicensesLabel = "org.opencontainers.image.licenses";
    private const long MaxConfigBytes = 1024 * 1024;

    /// <summary>GET/HEAD by tag or digest, with Accept negotiation.</summary>
    public static async Task<IResult> GetAsync(ContainerRequest request, ImageName name, string reference)
    {
        var (access, error) = await ImageAccess.ReadCachedAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        var version = await FindVersionAsync(request, access.Package!.Id, reference);
        var record = ManifestRecord.FromJson(version?.Metadata);
        if (version is null || record is null || !BlobDigest.TryParse(version.Name[OciDigest.Prefix.Length..], out var digest))
        {
            return OciError.ManifestUnknown();
        }

        if (!Accepts(request.Request.Headers.Accept, record.MediaType))
        {
            return new OciError(StatusCodes.Status404NotFound, OciErrorCodes.ManifestUnknown,
                $"manifest is {record.MediaType}, which the Accept header does not list");
        }

        request.Response.Headers["Docker-Content-Digest"] = version.Name;
        return new BlobDownloadResult(request.Blobs, digest.Value, record.MediaType, version.Name, OciError.ManifestUnknown())
        {
            AllowRanges = false,
            CountDownload = () => request.Packages.CountDownload(version.Id),
        };
    }

    /// <summary>PUT by tag or digest: checks references, stores the manifest, publishes the version, moves the tag.</summary>
    public static async Task<IResult> PutAsync(ContainerRequest request, ImageName name, string reference)
    {
        var (access, error) = await ImageAccess.WriteAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        var isDigest = OciDigest.IsDigest(reference);

        // The Docker registry is pushed by tag only (behaviour §5.6), so it holds no indexes of untagged children.
        if (isDigest && request.IsDocker)
        {
            return OciError.Unsupported("the Docker registry accepts pushes by tag only");
        }

        if (!isDigest && !IsTag(reference))
        {
            return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.ManifestInvalid, "invalid tag");
        }

        var body = await ReadManifestAsync(request);
        if (body is null)
        {
            return new OciError(StatusCodes.Status413PayloadTooLarge, OciErrorCodes.SizeInvalid, "manifest too large");
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(body));
        if (isDigest && (!OciDigest.TryParse(reference, out var expected) || expected != hex))
        {
            return OciError.DigestInvalid("manifest digest did not match the reference");
        }

        var manifest = ManifestDocument.Parse(body, request.Request.ContentType, out var invalid);
        if (manifest is null)
        {
            return OciError.ManifestInvalid(invalid!);
        }

        var blobs = manifest.Layers.Append(manifest.Config).OfType<Descriptor>().ToArray();
        if (blobs.Length + manifest.Manifests.Count > request.Options.MaxManifestDescriptors)
        {
            return OciError.ManifestInvalid($"the manifest names {blobs.Length + manifest.Manifests.Count} descriptors; at most {request.Options.MaxManifestDescriptors} are accepted");
        }

        if (await CheckReferencesAsync(request, access, blobs, manifest.Manifests) is { } invalidReference)
        {
            return invalidReference;
        }

        var stored = await request.Blobs.WriteAsync(new MemoryStream(body, writable: false), new BlobWriteOptions { ExpectedSha256 = hex }, request.Aborted);
        if (!stored.Succeeded)
        {
            return OciError.DigestInvalid();
        }

        var labels = await LabelsAsync(request, manifest);
        var record = new ManifestRecord(
            manifest.MediaType,
            body.Length,
            manifest.ArtifactType ?? (manifest.IsIndex ? null : manifest.Config?.MediaType),
            manifest.Subject?.Digest is { } subject ? OciDigest.Of(subject) : null,
            manifest.Annotations.Count == 0 ? null : manifest.Annotations);
        var files = new List<PublishedFile> { new("manifest.json", manifest.MediaType, stored) };
        files.AddRange(blobs.DistinctBy(b => b.Digest).Select(b => new PublishedFile(
            "sha256:" + b.Digest, b.MediaType, new BlobWriteResult(BlobWriteStatus.Stored, b.Size, b.Digest!))));

        var digestName = OciDigest.Of(hex);
        var result = await request.Publisher.PublishAsync(new PublishRequest
        {
            Principal = request.Principal,
            Owner = access.Owner,
            Type = request.Type,
            Name = name.Image,
            Version = digestName,
            Description = Limit(labels.GetValueOrDefault(DescriptionLabel), 512),
            License = Limit(labels.GetValueOrDefault(LicensesLabel), 256),
            Metadata = record.ToJson(),
            Repository = request.IsDocker
                ? await request.DockerRepositoryAsync(access.Owner, name)
                : await SourceRepositoryAsync(request, access.Owner, labels.GetValueOrDefault(SourceLabel)),
            Files = files,
            Tags = isDigest ? [] : [reference],
        }, request.Aborted);

        switch (result.Status)
        {
            case PublishStatus.Denied:
                return request.Principal.IsAuthenticated ? OciError.Denied(result.Message ?? "permission denied") : request.Challenge(name, push: true);
            case PublishStatus.Invalid:
                return OciError.ManifestInvalid(result.Message ?? "invalid manifest");
            case PublishStatus.VersionExists when !isDigest:
                // Tagging an existing digest adds the tag to that version; no new version.
                var existing = await request.PackageStore.FindActiveVersionByNameAsync(result.Package!.Id, digestName, request.Aborted);
                if (existing is not null)
                {
                    await request.Store.MoveTagAsync(result.Package.Id, existing.Id, reference, request.Now, request.Aborted);
                }

                break;
        }

        await request.Store.LinkBlobAsync(access.Owner.Id, name.Image, hex, body.Length, request.Principal.UserId ?? ContainerBlobLink.NoUser, request.Now, request.Aborted);
        request.Response.Headers["Docker-Content-Digest"] = digestName;
        if (record.Subject is not null)
        {
            request.Response.Headers["OCI-Subject"] = record.Subject;
        }

        return TypedResults.Created($"/v2/{name.Full}/manifests/{digestName}");
    }

    /// <summary>
    /// Referenced blobs must be readable in this image by the pusher (<see cref="ImageAccess.BlobReadAsync"/>'s rule: any
    /// link once the package exists, before that only the pusher's own uploads and mounts, or all for an admin of the
    /// owner), and an index's manifests must be live versions of it. One query over the distinct digests.
    /// </summary>
    private static async Task<OciError?> CheckReferencesAsync(
        ContainerRequest request, ImageAccess access, IReadOnlyList<Descriptor> blobs, IReadOnlyList<Descriptor> children)
    {
        var ownLinksOf = access.Package is null && !await request.Publisher.AdministersOwnerAsync(request.Principal, access.Owner, request.Type, request.Aborted)
            ? request.Principal.UserId ?? ContainerBlobLink.NoUser
            : (long?)null;
        var digests = blobs.Select(b => b.Digest!).Distinct(StringComparer.Ordinal).ToArray();
        var linked = await request.Store.FindBlobLinksAsync(access.Owner.Id, access.Name.Image, digests, ownLinksOf, request.Aborted);
        foreach (var blob in blobs.DistinctBy(b => b.Digest))
        {
            if (!linked.TryGetValue(blob.Digest!, out var size) || !await request.Blobs.ExistsAsync(BlobDigest.Parse(blob.Digest!), request.Aborted))
            {
                return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.ManifestBlobUnknown, $"blob unknown to registry: sha256:{blob.Digest}");
            }

            // Pulling clients check each blob against its descriptor's size; a wrong one would make the image unpullable.
            if (size != blob.Size)
            {
                return OciError.ManifestInvalid($"blob sha256:{blob.Digest} has {size} bytes, not the {blob.Size} the manifest gives");
            }
        }

        foreach (var child in children.DistinctBy(c => c.Digest))
        {
            if (access.Package is null ||
                await request.PackageStore.FindActiveVersionByNameAsync(access.Package.Id, OciDigest.Of(child.Digest!), request.Aborted) is null)
            {
                return new OciError(StatusCodes.Status400BadRequest, OciErrorCodes.ManifestBlobUnknown, $"manifest unknown to registry: sha256:{child.Digest}");
            }
        }

        return null;
    }

    /// <summary>
    /// DELETE by digest (the REST API's soft delete of the version; the last live one deletes the package) or by tag
    /// (untag only), for package admins; 405 like ghcr.io when <c>Containers:AllowManifestDelete</c> is false, or when a
    /// popular public package may not be deleted.
    /// </summary>
    public static async Task<IResult> DeleteAsync(ContainerRequest request, ImageName name, string reference)
    {
        if (!request.Options.AllowManifestDelete)
        {
            return OciError.Unsupported("manifest deletion is disabled; delete the version through the REST API");
        }

        var (access, error) = await ImageAccess.ActAsync(request, name, PackageAction.Delete);
        if (access is null)
        {
            return error!;
        }

        if (!OciDigest.IsDigest(reference))
        {
            return await request.Store.RemoveTagAsync(access.Package!.Id, reference, request.Aborted)
                ? TypedResults.Accepted((string?)null)
                : OciError.ManifestUnknown();
        }

        var version = await FindVersionAsync(request, access.Package!.Id, reference);
        if (version is null)
        {
            return OciError.ManifestUnknown();
        }

        // No OCI client expects a manifest to be undeletable for being the last tagged one; the last one left takes the
        // package along (restorable whole).
        var deleted = await request.Packages.DeleteVersionAsRegistryAsync(
            request.Principal, access.Owner, request.Type, name.Image, version.Id, request.Aborted);
        return deleted.Status switch
        {
            OutcomeStatus.Ok => TypedResults.Accepted((string?)null),
            OutcomeStatus.Invalid => OciError.Unsupported(deleted.Message ?? "this manifest cannot be deleted"),
            _ => ImageAccess.Failure(request, name, deleted.Status, deleted.Message, push: true),
        };
    }

    internal static async Task<PackageVersion?> FindVersionAsync(ContainerRequest request, long packageId, string reference) =>
        OciDigest.IsDigest(reference)
            ? OciDigest.TryParse(reference, out var hex) ? await request.PackageStore.FindActiveVersionByNameAsync(packageId, OciDigest.Of(hex), request.Aborted) : null
            : await request.Store.FindVersionByTagAsync(packageId, reference, request.Aborted);

    /// <summary>Tags: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>.</summary>
    private static bool IsTag(string reference) =>
        reference.Length is > 0 and <= 128 &&
        (char.IsAsciiLetterOrDigit(reference[0]) || reference[0] == '_') &&
        reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static bool Accepts(Microsoft.Extensions.Primitives.StringValues accept, string mediaType)
    {
        var listed = accept.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Split(';')[0].Trim()).Where(v => v.Length > 0).ToArray();
        return listed.Length == 0 || listed.Any(v => v == mediaType || v == "*/*" || v == "application/*" || v == "application/json");
    }

    /// <summary>Reads the manifest body with a cap: manifests are small documents that must be parsed whole.</summary>
    private static async Task<byte[]?> ReadManifestAsync(ContainerRequest request)
    {
        var max = request.Options.MaxManifestBytes;
        if (request.Request.ContentLength > max)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.Request.ContentLength ?? 4096, max) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Request.Body.ReadAsync(memory, request.Aborted);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > max)
            {
                return null;
            }
        }
    }

    /// <summary>Annotations of the manifest (or index), then the image config's labels (docker build puts them there).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> LabelsAsync(ContainerRequest request, ManifestDocument manifest)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (manifest.Config is { Digest: { } digest, Size: <= MaxConfigBytes })
        {
            await using var config = await request.Blobs.OpenReadAsync(BlobDigest.Parse(digest), request.Aborted);
            if (config is not null)
            {
                try
                {
                    using var json = await JsonDocument.ParseAsync(config, cancellationToken: request.Aborted);
                    if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("config", out var inner))
                    {
                        foreach (var (key, value) in ManifestDocument.ReadStrings(inner, "Labels"))
                        {
                            labels[key] = value;
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not a JSON config (an artifact's config blob): it carries no labels.
                }
            }
        }

        foreach (var (key, value) in manifest.Annotations)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>
    /// <c>org.opencontainers.image.source</c> links the package to a repository of the same owner
    /// (<c>https://HOST/OWNER/REPO</c>); any other source is ignored.
    /// </summary>
    private static async Task<Repository?> SourceRepositoryAsync(ContainerRequest request, Account owner, string? source)
    {
        if (source is null || !Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2 || !string.Equals(segments[0], owner.Login, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var repositoryName = segments[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[1][..^4] : segments[1];
        return await request.Repositories.FindAsync(owner, repositoryName, request.Aborted);
    }

    private static string? Limit(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
