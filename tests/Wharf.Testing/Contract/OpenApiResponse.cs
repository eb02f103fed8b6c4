using System.Text.Json;

namespace Wharf.Testing.Contract;

/// <summary>One declared response of an operation, with any <c>$ref</c> to <c>#/components/responses</c> resolved.</summary>
public sealed class OpenApiResponse
{
    private const string JsonMediaType = "application/json";
    private readonly OpenApiDocument _document;
    private readonly JsonElement _mediaType;

    internal OpenApiResponse(OpenApiDocument document, string key, JsonElement node)
    {
        _document = document;
        Key = key;
        Description = node.TryGetProperty("description", out var description) ? description.GetString() ?? "" : "";
        HasBody = node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object &&
            content.TryGetProperty(JsonMediaType, out _mediaType);
        if (HasBody && _mediaType.TryGetProperty("schema", out var schema))
        {
            Schema = schema;
        }
    }

    /// <summary>The key it is declared under: <c>200</c>, <c>4XX</c> or <c>default</c>.</summary>
    public string Key { get; }

    public string Description { get; }

    /// <summary>Whether the spec declares an <c>application/json</c> body; a response without <c>content</c> has none.</summary>
    public bool HasBody { get; }

    /// <summary>The OpenAPI 3.0 schema of the JSON body, unconverted.</summary>
    public JsonElement? Schema { get; }

    /// <summary>
    /// The example bodies of the JSON content: <c>examples.*</c> (following <c>$ref</c> to <c>#/components/examples</c>
    /// and taking each <c>value</c>) and the single <c>example</c>.
    /// </summary>
    public IReadOnlyList<JsonElement> Examples()
    {
        var examples = new List<JsonElement>();
        if (!HasBody)
        {
            return examples;
        }

        if (_mediaType.TryGetProperty("example", out var single))
        {
            examples.Add(single);
        }

        if (_mediaType.TryGetProperty("examples", out var named))
        {
            foreach (var example in named.EnumerateObject())
            {
                if (_document.Resolve(example.Value).TryGetProperty("value", out var value))
                {
                    examples.Add(value);
                }
            }
        }

        return examples;
    }
}
