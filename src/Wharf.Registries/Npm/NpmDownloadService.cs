using Microsoft.AspNetCore.Http;
using Wharf.Core.Blobs;
using Wharf.Core.Packages;
using Wharf.Registries.Downloads;

namespace Wharf.Registries.Npm;

/// <summary>
/// Tarball downloads (<c>GET /@scope/name/-/name-1.0.0.tgz</c>): the version is looked up in the cached packument, the
/// download counted, and the blob sent with zero-copy file sending and <c>Range</c> support when it is on local disk.
/// </summary>
public sealed class NpmDownloadService(NpmPackageReader reader, PackageService packages, IBlobStore blobs)
{
    public async Task<IResult> DownloadAsync(HttpContext context, NpmPackageName name, string file, CancellationToken cancellationToken)
    {
        var found = await reader.GetAsync(context, name, cancellationToken);
        if (!found.IsOk)
        {
            return NpmErrors.From(context, found);
        }

        var prefix = name.Name + "-";
        if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(".tgz", StringComparison.Ordinal) ||
            !found.Value!.Versions.TryGetValue(file[prefix.Length..^4], out var version))
        {
            return NpmErrors.NotFoundResult();
        }

        var digest = BlobDigest.Parse(version.Tarball.Sha256);
        return new BlobDownloadResult(blobs, digest, "application/octet-stream", digest.ToString(), NpmErrors.NotFoundResult())
        {
            CountDownload = () => packages.CountDownload(version.VersionId),
        };
    }
}
