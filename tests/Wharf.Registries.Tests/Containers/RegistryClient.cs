using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Containers;

/// <summary>A small OCI client for conformance tests: the token dance, then raw requests with the bearer token.</summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _pat;

    public RegistryClient(WharfTestServer server, string? pat)
    {
        _http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _pat = pat;
    }

    public HttpClient Http => _http;

    /// <summary>Fetches a bearer token (Basic with the PAT, or anonymous) and sends it from now on.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string? scope = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/token?service=wharf" + (scope is null ? "" : "&scope=" + Uri.EscapeDataString(scope)));
        if (_pat is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + _pat)));
        }

        var response = await _http.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return response;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        configure?.Invoke(request);
        return _http.SendAsync(request);
    }

    /// <summary>Monolithic upload; returns the digest.</summary>
    public async Task<string> PushBlobAsync(string name, byte[] content)
    {
        var digest = Digest(content);
        var response = await SendAsync(HttpMethod.Post, $"v2/{name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"blob push failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return digest;
    }

    /// <summary>Pushes a one-layer OCI image (config + layer + manifest); returns the manifest digest and bytes.</summary>
    public async Task<(string Digest, byte[] Manifest)> PushImageAsync(
        string name, string reference, JsonObject? subject = null, string? artifactType = null)
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var layer = RandomNumberGenerator.GetBytes(1000);
        var configDigest = await PushBlobAsync(name, config);
        var layerDigest = await PushBlobAsync(name, layer);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciLayout.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar", ["digest"] = layerDigest, ["size"] = layer.Length }),
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            manifest["subject"] = subject;
        }

        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var response = await PutManifestAsync(name, reference, bytes, OciLayout.OciManifest);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"manifest push failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (Digest(bytes), bytes);
    }

    public Task<HttpResponseMessage> PutManifestAsync(string name, string reference, byte[] manifest, string mediaType)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return SendAsync(HttpMethod.Put, $"v2/{name}/manifests/{reference}", content);
    }

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The first error code of an OCI error body.</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return null;
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
    }

    public void Dispose() => _http.Dispose();
}
