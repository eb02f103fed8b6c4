using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Core.Access;

namespace Wharf.Registries.Containers;

/// <summary>Content discovery (OCI distribution-spec 1.1): tag lists, referrers, and the catalog extension.</summary>
public static class DiscoveryEndpoints
{
    private const int DefaultPageSize = 1000;

    /// <summary>GET /v2/NAME/tags/list?n=&amp;last= in lexical order, with a Link header to the next page.</summary>
    public static async Task<IResult> TagsAsync(ContainerRequest request, ImageName name)
    {
        var (access, error) = await ImageAccess.ReadAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        var (limit, last) = Page(request);
        var tags = limit == 0 ? [] : await request.Store.ListTagsAsync(access.Package!.Id, last, limit, request.Aborted);
        if (tags.Count == limit && limit > 0)
        {
            request.Response.Headers.Link = $"</v2/{name.Full}/tags/list?n={limit}&last={Uri.EscapeDataString(tags[^1])}>; rel=\"next\"";
        }

        return TypedResults.Json(new TagList(name.Full, tags), OciJson.Options);
    }

    /// <summary>GET /v2/NAME/referrers/DIGEST?artifactType=: an image index of the manifests whose subject it is.</summary>
    public static async Task<IResult> ReferrersAsync(ContainerRequest request, ImageName name, string reference)
    {
        var (access, error) = await ImageAccess.ReadAsync(request, name);
        if (access is null)
        {
            return error!;
        }

        if (!OciDigest.TryParse(reference, out var hex))
        {
            return OciError.DigestInvalid("invalid digest");
        }

        var filter = request.Request.Query["artifactType"].ToString();
        var versions = await request.Store.ListReferrersAsync(access.Package!.Id, OciDigest.Of(hex), request.Aborted);
        var descriptors = versions
            .Select(v => (Version: v, Record: ManifestRecord.FromJson(v.Metadata)))
            .Where(v => v.Record is not null && (filter.Length == 0 || v.Record.ArtifactType == filter))
            .Select(v => new ReferrerDescriptor(v.Record!.MediaType, v.Version.Name, v.Record.Size, v.Record.ArtifactType, v.Record.Annotations))
            .ToArray();
        if (filter.Length > 0)
        {
            request.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        return TypedResults.Json(new ReferrerIndex(2, OciMediaTypes.OciIndex, descriptors), OciJson.Options, OciMediaTypes.OciIndex);
    }

    /// <summary>
    /// GET /v2/_catalog?n=&amp;last=: the images the caller can read, nothing else. On the legacy docker registry these
    /// are its own images, named OWNER/REPOSITORY/IMAGE.
    /// </summary>
    public static async Task<IResult> CatalogAsync(ContainerRequest request)
    {
        var (limit, last) = Page(request);
        var names = new List<string>();
        foreach (var (owner, ownerId, image) in await request.Store.ListImagesAsync(request.Type, request.Aborted))
        {
            var full = owner + "/" + image;
            if (names.Count >= limit || (last is not null && string.CompareOrdinal(full, last) <= 0))
            {
                continue;
            }

            var account = await request.Accounts.FindByIdAsync(ownerId, request.Aborted);
            if (account is not null &&
                (await request.Packages.GetAsync(request.Principal, account, request.Type, image, PackageAction.Read, request.Aborted)).IsOk)
            {
                names.Add(full);
            }
        }

        if (names.Count == limit && limit > 0)
        {
            request.Response.Headers.Link = $"</v2/_catalog?n={limit}&last={Uri.EscapeDataString(names[^1])}>; rel=\"next\"";
        }

        return TypedResults.Json(new Catalog(names), OciJson.Options);
    }

    private static (int Limit, string? Last) Page(ContainerRequest request)
    {
        var query = request.Request.Query;
        var limit = int.TryParse(query["n"], CultureInfo.InvariantCulture, out var n) && n >= 0 ? Math.Min(n, DefaultPageSize) : DefaultPageSize;
        var last = query["last"].ToString();
        return (limit, last.Length == 0 ? null : last);
    }

    private sealed record TagList(string Name, IReadOnlyList<string> Tags);

    private sealed record Catalog(IReadOnlyList<string> Repositories);

    private sealed record ReferrerIndex(int SchemaVersion, string MediaType, IReadOnlyList<ReferrerDescriptor> Manifests);

    private sealed record ReferrerDescriptor(string MediaType, string Digest, long Size, string? ArtifactType, IReadOnlyDictionary<string, string>? Annotations);
}
