using System.Text.Json;

namespace Wharf.Registries.Containers;

/// <summary>What the registry needs from a manifest or index: its type and the descriptors it points at.</summary>
public sealed record ManifestDocument(
    string MediaType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string> Annotations)
{
    public bool IsIndex => OciMediaTypes.IsIndex(MediaType);

    /// <summary>Parses the manifest; <paramref name="error"/> says what is wrong when it returns null.</summary>
    public static ManifestDocument? Parse(ReadOnlyMemory<byte> bytes, string? contentType, out string? error)
    {
        error = null;
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "manifest is not a JSON object";
                return null;
            }

            var declared = String(root, "mediaType");
            var header = contentType?.Split(';')[0].Trim();
            if (declared is not null && !string.IsNullOrEmpty(header) && header != declared && header != "application/json")
            {
                error = "mediaType does not match Content-Type";
                return null;
            }

            var mediaType = declared ?? header;
            if (mediaType is null || !OciMediaTypes.IsSupported(mediaType))
            {
                error = $"unsupported manifest media type {mediaType}";
                return null;
            }

            if (root.TryGetProperty("schemaVersion", out var version) && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2))
            {
                error = "schemaVersion must be 2";
                return null;
            }

            var config = root.TryGetProperty("config", out var c) ? Descriptor.Parse(c) : null;
            var layers = List(root, "layers");
            var manifests = List(root, "manifests");
            if (!OciMediaTypes.IsIndex(mediaType) && config is null)
            {
                error = "an image manifest needs a config descriptor";
                return null;
            }

            if (layers.Concat(manifests).Append(config).Any(d => d is { Digest: null }))
            {
                error = "invalid descriptor";
                return null;
            }

            var subject = root.TryGetProperty("subject", out var s) ? Descriptor.Parse(s) : null;
            return new ManifestDocument(mediaType, config, layers, manifests, subject, String(root, "artifactType"), ReadStrings(root));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            error = "manifest is not valid JSON";
            return null;
        }
    }

    internal static IReadOnlyDictionary<string, string> ReadStrings(JsonElement element, string property = "annotations")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in annotations.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    result[entry.Name] = entry.Value.GetString()!;
                }
            }
        }

        return result;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Descriptor[] List(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => Descriptor.Parse(e) ?? new Descriptor(null, null, 0, null)).ToArray()
            : [];
}

/// <summary>An OCI content descriptor; <see cref="Digest"/> is the hex SHA-256, null when absent or not sha256.</summary>
public sealed record Descriptor(string? Digest, string? MediaType, long Size, string? ArtifactType)
{
    public static Descriptor? Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var digest = element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String && OciDigest.TryParse(d.GetString(), out var hex) ? hex : null;
        var size = element.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0;
        var mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var artifactType = element.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        return new Descriptor(digest, mediaType, size, artifactType);
    }
}
