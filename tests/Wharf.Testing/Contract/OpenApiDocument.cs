using System.Text.Json;

namespace Wharf.Testing.Contract;

/// <summary>
/// GitHub's published OpenAPI description of the packages API, read from the repository's <c>docs/reference</c> at run
/// time so the tests check against the spec itself, never against a hand-copied schema.
/// </summary>
public sealed class OpenApiDocument
{
    private const string SpecRelativePath = "docs/reference/github-packages.openapi.json";
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly Lazy<OpenApiDocument> Loaded = new(() => Load(LocateSpec()));

    // A JsonElement, not a JsonNode: parallel tests read the document at once, and JsonNode materialises lazily.
    private readonly JsonElement _root;

    private OpenApiDocument(string path, JsonElement root)
    {
        Path = path;
        _root = root;
        Operations = ReadOperations(root);
    }

    /// <summary>The packages spec found by <see cref="LocateSpec"/>, loaded once per test run.</summary>
    public static OpenApiDocument Current => Loaded.Value;

    public string Path { get; }

    public JsonElement Root => _root;

    public IReadOnlyList<OpenApiOperation> Operations { get; }

    public static OpenApiDocument Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new OpenApiDocument(path, document.RootElement.Clone());
    }

    /// <summary>
    /// <c>docs/reference/github-packages.openapi.json</c> in the first folder above the test binaries that holds it: the
    /// repository's root.
    /// </summary>
    public static string LocateSpec()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, SpecRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No {SpecRelativePath} above {AppContext.BaseDirectory}.");
    }

    public OpenApiOperation? FindOperation(string method, string pathTemplate) =>
        Operations.FirstOrDefault(o =>
            string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(o.PathTemplate, pathTemplate, StringComparison.Ordinal));

    /// <summary>Follows <c>$ref</c> chains within this document (<c>#/components/...</c>) to the object they name.</summary>
    public JsonElement Resolve(JsonElement node)
    {
        for (var hops = 0; node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference); hops++)
        {
            if (hops > 32)
            {
                throw new InvalidOperationException($"$ref cycle at {reference.GetString()} in {Path}.");
            }

            node = Pointer(reference.GetString() ?? "");
        }

        return node;
    }

    /// <summary>The element a local reference such as <c>#/components/schemas/package</c> names.</summary>
    public JsonElement Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        var node = _root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(token, out node))
            {
                throw new KeyNotFoundException($"'{reference}' does not resolve in {Path}.");
            }
        }

        return node;
    }

    private List<OpenApiOperation> ReadOperations(JsonElement root)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var item in path.Value.EnumerateObject())
            {
                if (HttpMethods.Contains(item.Name))
                {
                    operations.Add(new OpenApiOperation(this, item.Name.ToUpperInvariant(), path.Name, item.Value));
                }
            }
        }

        return operations;
    }
}
