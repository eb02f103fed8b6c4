using System.Globalization;
using System.Text.Json;

namespace Wharf.Testing.Contract;

/// <summary>One operation of the spec: a method on a path template, with its declared responses.</summary>
public sealed class OpenApiOperation
{
    private readonly OpenApiDocument _document;
    private readonly JsonElement _node;

    internal OpenApiOperation(OpenApiDocument document, string method, string pathTemplate, JsonElement node)
    {
        _document = document;
        _node = node;
        Method = method;
        PathTemplate = pathTemplate;
        OperationId = node.TryGetProperty("operationId", out var id) ? id.GetString() ?? "" : "";
        Template = new PathTemplate(pathTemplate);
    }

    /// <summary>Upper case, as on the wire: <c>GET</c>.</summary>
    public string Method { get; }

    public string PathTemplate { get; }

    public string OperationId { get; }

    internal PathTemplate Template { get; }

    /// <summary>The response keys as the spec writes them: <c>200</c>, <c>404</c>, possibly <c>4XX</c> or <c>default</c>.</summary>
    public IReadOnlyList<string> DeclaredStatuses =>
        [.. _node.GetProperty("responses").EnumerateObject().Select(r => r.Name)];

    /// <summary>
    /// The response declared for <paramref name="status"/>: the exact code first, then its range (<c>4XX</c>), then
    /// <c>default</c>; <c>null</c> when the operation does not declare it.
    /// </summary>
    public OpenApiResponse? FindResponse(int status)
    {
        var responses = _node.GetProperty("responses");
        var code = status.ToString(CultureInfo.InvariantCulture);
        foreach (var key in new[] { code, $"{code[0]}XX", $"{code[0]}xx", "default" })
        {
            if (responses.TryGetProperty(key, out var response))
            {
                return new OpenApiResponse(_document, key, _document.Resolve(response));
            }
        }

        return null;
    }

    public override string ToString() => $"{Method} {PathTemplate} ({OperationId})";
}
