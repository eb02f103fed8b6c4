using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Xunit;

namespace Wharf.Testing.Contract;

/// <summary>
/// Checks REST responses against GitHub's OpenAPI description of the packages API
/// (<c>docs/reference/github-packages.openapi.json</c>). Every check fails the calling test through
/// <see cref="Assert"/> with all problems listed, each at its JSON pointer.
/// </summary>
public static class OpenApiContract
{
    private const string JsonMediaType = "application/json";
    private const int BodyExcerptLength = 2000;

    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Evaluation = new()
    {
        // List output flattens the results, so every failing keyword comes back with its instance location.
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public static OpenApiDocument Document => OpenApiDocument.Current;

    /// <summary>
    /// The path template of the operation a request reached, e.g. <c>/orgs/{org}/packages/{package_type}/{package_name}</c>
    /// for <c>/api/v3/orgs/acme/packages/npm/a%2Fb?page=2</c>. Each <c>{x}</c> matches one segment; scheme, host,
    /// the <c>/api/v3</c> base and the query are ignored.
    /// </summary>
    public static string MatchTemplate(string method, string concretePath)
    {
        var segments = PathTemplate.RequestSegments(concretePath);
        var candidates = Document.Operations.Where(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();
        var match = candidates
            .Where(o => o.Template.Matches(segments))
            .OrderByDescending(o => o.Template.LiteralSegments)
            .FirstOrDefault();
        if (match is null)
        {
            Assert.Fail(
                $"No {method.ToUpperInvariant()} operation in {Document.Path} matches '{concretePath}'. " +
                $"{method.ToUpperInvariant()} templates: {string.Join(", ", candidates.Select(o => o.PathTemplate))}");
        }

        return match.PathTemplate;
    }

    /// <summary>The operation declared for <paramref name="method"/> on <paramref name="pathTemplate"/>; fails the test if none.</summary>
    public static OpenApiOperation GetOperation(string method, string pathTemplate)
    {
        var operation = Document.FindOperation(method, pathTemplate);
        if (operation is null)
        {
            var methods = Document.Operations.Where(o => o.PathTemplate == pathTemplate).Select(o => o.Method).ToList();
            Assert.Fail(methods.Count == 0
                ? $"The spec has no path template '{pathTemplate}' (use MatchTemplate to find one from a concrete path)."
                : $"The spec declares {string.Join(", ", methods)} on '{pathTemplate}', not {method.ToUpperInvariant()}.");
        }

        return operation;
    }

    /// <summary>
    /// Fails unless the spec declares <paramref name="status"/> for the operation and the response matches it: a body
    /// exactly when one is declared (never on 204), an <c>application/json</c> content type, and a body that validates
    /// against the declared schema.
    /// </summary>
    public static void AssertResponse(string method, string pathTemplate, int status, string? body, string? contentType)
    {
        var operation = GetOperation(method, pathTemplate);
        var response = operation.FindResponse(status);
        if (response is null)
        {
            Assert.Fail(
                $"{operation}: status {status} is not declared; the spec declares {string.Join(", ", operation.DeclaredStatuses)}." +
                Excerpt(body));
        }

        var hasBody = !string.IsNullOrEmpty(body);
        if (!response.HasBody)
        {
            if (hasBody)
            {
                Assert.Fail($"{operation}: the spec declares no body for {response.Key} ({response.Description}), but one was sent." + Excerpt(body));
            }

            return;
        }

        if (!hasBody)
        {
            Assert.Fail($"{operation}: the spec declares a JSON body for {response.Key}, but the response has none.");
        }

        if (contentType is null || !contentType.TrimStart().StartsWith(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{operation}: {status} declares {JsonMediaType}, but Content-Type is '{contentType ?? "(none)"}'.");
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(body!);
        }
        catch (JsonException e)
        {
            Assert.Fail($"{operation}: the {status} body is not JSON: {e.Message}" + Excerpt(body));
            throw;
        }

        using (parsed)
        {
            if (response.Schema is null)
            {
                return;
            }

            var results = SchemaFor(operation, response).Evaluate(parsed.RootElement, Evaluation);
            if (!results.IsValid)
            {
                Assert.Fail($"{operation}: the {status} body does not match the spec's schema:\n{Describe(results)}" + Excerpt(body));
            }
        }
    }

    /// <summary>
    /// <see cref="AssertResponse(string, string, int, string?, string?)"/> for a response from <see cref="HttpClient"/>:
    /// the operation comes from the request's method and URI through <see cref="MatchTemplate"/>.
    /// </summary>
    public static async Task AssertResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var request = response.RequestMessage
            ?? throw new ArgumentException("The response carries no request, so its operation is unknown.", nameof(response));
        var uri = request.RequestUri
            ?? throw new ArgumentException("The request has no URI, so its operation is unknown.", nameof(response));
        // AbsolutePath keeps %2F escaped, which is what tells a scoped name's slash from a path separator.
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
        var template = MatchTemplate(request.Method.Method, path);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        AssertResponse(request.Method.Method, template, (int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>
    /// Fails unless <paramref name="body"/> (a 200 body of the operation) has every field that GitHub's examples for the
    /// operation show, at every depth; for lists, the union over the example's items must appear on every item.
    /// <paramref name="mayBeAbsent"/> lists dotted paths (<c>repository</c>, <c>license</c>, <c>metadata.container</c>)
    /// that may be missing; only fields the schema leaves optional can be waived.
    /// </summary>
    public static void AssertHasExampleFields(string method, string pathTemplate, string body, params string[] mayBeAbsent)
    {
        var operation = GetOperation(method, pathTemplate);
        var response = operation.FindResponse(200);
        var examples = response?.Examples() ?? [];
        if (response is null || examples.Count == 0)
        {
            Assert.Fail($"{operation}: the spec has no 200 example to compare with.");
        }

        using var parsed = JsonDocument.Parse(body);
        var problems = ExampleFieldCoverage.Check(Document, response.Schema, examples, parsed.RootElement, mayBeAbsent);
        if (problems.Count > 0)
        {
            Assert.Fail($"{operation}: the body lacks fields GitHub's example has:\n  {string.Join("\n  ", problems)}" + Excerpt(body));
        }
    }

    private static JsonSchema SchemaFor(OpenApiOperation operation, OpenApiResponse response)
    {
        var key = $"{operation.Method} {operation.PathTemplate} {response.Key}";
        return Schemas.GetOrAdd(key, k => new Lazy<JsonSchema>(() => Build(k, response.Schema!.Value))).Value;
    }

    private static JsonSchema Build(string key, JsonElement schema)
    {
        var id = new Uri($"https://wharf.invalid/contract/{Uri.EscapeDataString(key)}");
        var components = Document.Root.GetProperty("components").GetProperty("schemas");
        var converted = OpenApiSchemaConverter.ToDocument(components, schema, id);
        using var document = JsonDocument.Parse(converted.ToJsonString());
        // Each response gets its own registry, so documents built in parallel never see each other's $id.
        return JsonSchema.Build(document.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
    }

    private static string Describe(EvaluationResults results)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            if (node.Errors is null)
            {
                continue;
            }

            var at = node.InstanceLocation.ToString();
            foreach (var (keyword, message) in node.Errors)
            {
                lines.Add($"  {(at.Length == 0 ? "(root)" : at)}: {keyword}: {message}  [{SpecLocation(node.SchemaLocation)}]");
            }
        }

        return lines.Count == 0 ? "  (the evaluator reported no details)" : string.Join("\n", lines);
    }

    // The evaluator names the converted document; point at the spec's own component instead, where the reader looks.
    private static string SpecLocation(Uri schemaLocation)
    {
        var fragment = Uri.UnescapeDataString(schemaLocation.Fragment);
        return fragment.StartsWith("#/$defs/", StringComparison.Ordinal)
            ? "#/components/schemas/" + fragment["#/$defs/".Length..]
            : $"response schema {fragment}";
    }

    private static string Excerpt(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }

        var text = new StringBuilder("\nBody: ");
        text.Append(body.Length <= BodyExcerptLength ? body : body[..BodyExcerptLength] + $"… ({body.Length} chars)");
        return text.ToString();
    }
}
