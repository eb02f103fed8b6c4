using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Bench.WriteLoad;

/// <summary>
/// One client pushing images as docker and skopeo do, one image of its own: a layer and a config, each a POST that
/// opens an upload and one PUT ?digest= with the whole blob (OCI Distribution "monolithic upload"), then the manifest
/// PUT under a new tag. Every layer is new bytes, so every push stores and links blobs.
/// </summary>
public sealed class ContainerPusher(HttpClient http, WriteLog log, string bearer, string image, int layerBytes)
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    public async Task RunAsync(DateTime until)
    {
        for (var round = 1; DateTime.UtcNow < until; round++)
        {
            var layer = RandomNumberGenerator.GetBytes(layerBytes);
            var config = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{Digest(layer)}}"]},"round":{{round}}}"""));
            if (!await PushBlobAsync(layer) || !await PushBlobAsync(config))
            {
                continue;
            }

            var manifest = string.Create(CultureInfo.InvariantCulture,
                $$"""{"schemaVersion":2,"mediaType":"{{ManifestType}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Digest(config)}}","size":{{config.Length}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{Digest(layer)}}","size":{{layer.Length}}}]}""");
            using var response = await log.TimeAsync("manifest-put", () =>
            {
                var request = Request(HttpMethod.Put, $"v2/{image}/manifests/r{round}");
                request.Content = new StringContent(manifest, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
                return http.SendAsync(request);
            });
        }
    }

    private async Task<bool> PushBlobAsync(byte[] blob)
    {
        using var opened = await log.TimeAsync("blob-post", () => http.SendAsync(Request(HttpMethod.Post, $"v2/{image}/blobs/uploads/")));
        if (opened?.Headers.Location is not { } location)
        {
            return false;
        }

        var separator = location.OriginalString.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var target = location.OriginalString + separator + "digest=" + Uri.EscapeDataString(Digest(blob));
        using var stored = await log.TimeAsync("blob-put", () =>
        {
            var request = Request(HttpMethod.Put, target.TrimStart('/'));
            request.Content = new ByteArrayContent(blob);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return http.SendAsync(request);
        });
        return stored is not null;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
