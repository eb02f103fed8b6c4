using System.Text.Json;

namespace Wharf.Testing.Contract;

/// <summary>
/// Checks that a response carries every field GitHub's own example shows, at every depth: clients are written
/// against those examples, so a field the schema leaves optional but GitHub always sends must still be sent.
/// </summary>
internal sealed class ExampleFieldCoverage
{
    private readonly OpenApiDocument _document;
    private readonly HashSet<string> _mayBeAbsent;
    private readonly List<string> _problems = [];

    private ExampleFieldCoverage(OpenApiDocument document, IEnumerable<string> mayBeAbsent)
    {
        _document = document;
        _mayBeAbsent = new HashSet<string>(mayBeAbsent, StringComparer.Ordinal);
    }

    /// <summary>
    /// Compares <paramref name="actual"/> with the union of the fields of <paramref name="examples"/> (over all
    /// examples and, for arrays, all items). A field may be missing only when its dotted path (<c>metadata.container</c>)
    /// is in <paramref name="mayBeAbsent"/> and the schema does not require it.
    /// </summary>
    /// <returns>One line per problem; empty when the response covers the examples.</returns>
    public static IReadOnlyList<string> Check(
        OpenApiDocument document, JsonElement? schema, IReadOnlyList<JsonElement> examples, JsonElement actual,
        IEnumerable<string> mayBeAbsent)
    {
        var coverage = new ExampleFieldCoverage(document, mayBeAbsent);
        coverage.CheckWaivers(schema);
        if (actual.ValueKind == JsonValueKind.Array && actual.GetArrayLength() == 0)
        {
            // An empty list holds no fields, so it would pass any comparison without proving anything.
            coverage._problems.Add("(root): the response is an empty array, so there is nothing to compare with the example.");
        }

        coverage.Compare(Objects(examples), actual, "", "", schema);
        return coverage._problems;
    }

    private void Compare(List<JsonElement> examples, JsonElement actual, string pointer, string dotted, JsonElement? schema)
    {
        if (examples.Count == 0)
        {
            return;
        }

        var resolved = schema is { } s ? _document.Resolve(s) : (JsonElement?)null;
        switch (actual.ValueKind)
        {
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in actual.EnumerateArray())
                {
                    Compare(examples, item, $"{pointer}/{index++}", dotted, ItemsOf(resolved));
                }

                break;
            case JsonValueKind.Object:
                CompareObject(examples, actual, pointer, dotted, resolved);
                break;
            case JsonValueKind.Null when _mayBeAbsent.Contains(dotted):
                break;
            default:
                _problems.Add(
                    $"{Display(pointer)}: is {actual.ValueKind.ToString().ToLowerInvariant()} but GitHub's example has an object " +
                    $"with {string.Join(", ", FieldNames(examples))}" +
                    (actual.ValueKind == JsonValueKind.Null ? $" (list \"{dotted}\" in mayBeAbsent if null is expected here)." : "."));
                break;
        }
    }

    private void CompareObject(List<JsonElement> examples, JsonElement actual, string pointer, string dotted, JsonElement? schema)
    {
        foreach (var name in FieldNames(examples))
        {
            var path = dotted.Length == 0 ? name : $"{dotted}.{name}";
            if (!actual.TryGetProperty(name, out var value))
            {
                var required = IsRequired(schema, name);
                if (_mayBeAbsent.Contains(path) && !required)
                {
                    continue;
                }

                var hint = _mayBeAbsent.Contains(path)
                    ? "it is listed as may-be-absent, but the schema requires it"
                    : required
                        ? "the schema requires it"
                        : $"list \"{path}\" in mayBeAbsent if it is legitimately absent here";
                _problems.Add($"{Display(pointer)}: missing \"{name}\" ({path}), which GitHub's example has; {hint}.");
                continue;
            }

            var children = examples
                .Select(e => e.TryGetProperty(name, out var child) ? child : default)
                .Where(child => child.ValueKind != JsonValueKind.Undefined)
                .ToList();
            Compare(Objects(children), value, $"{pointer}/{Escape(name)}", path, PropertyOf(schema, name));
        }
    }

    // A may-be-absent entry that names no field would silently waive nothing; a typo must not pass unnoticed.
    private void CheckWaivers(JsonElement? schema)
    {
        if (schema is null)
        {
            return;
        }

        foreach (var path in _mayBeAbsent)
        {
            JsonElement? node = schema;
            foreach (var name in path.Split('.'))
            {
                node = node is { } n ? PropertyOf(Unwrap(_document.Resolve(n)), name) : null;
            }

            if (node is null)
            {
                _problems.Add($"mayBeAbsent entry \"{path}\" names no field of the response schema.");
            }
        }
    }

    // Array schemas describe their items; a dotted path skips array levels the way the example comparison does.
    private JsonElement Unwrap(JsonElement schema) =>
        ItemsOf(schema) is { } items ? Unwrap(_document.Resolve(items)) : schema;

    private JsonElement? ItemsOf(JsonElement? schema) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("items", out var items) ? _document.Resolve(items) : null;

    private JsonElement? PropertyOf(JsonElement? schema, string name)
    {
        foreach (var view in Views(schema))
        {
            if (view.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property))
            {
                return _document.Resolve(property);
            }
        }

        return null;
    }

    private bool IsRequired(JsonElement? schema, string name) =>
        Views(schema, includeAlternatives: false).Any(view =>
            view.TryGetProperty("required", out var required) &&
            required.EnumerateArray().Any(r => r.GetString() == name));

    // The schema and the members of its compositions: allOf always applies; anyOf/oneOf only may.
    private IEnumerable<JsonElement> Views(JsonElement? schema, bool includeAlternatives = true)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } start)
        {
            yield break;
        }

        var pending = new Stack<JsonElement>([_document.Resolve(start)]);
        while (pending.TryPop(out var view))
        {
            yield return view;
            foreach (var keyword in includeAlternatives ? new[] { "allOf", "anyOf", "oneOf" } : ["allOf"])
            {
                if (view.TryGetProperty(keyword, out var members))
                {
                    foreach (var member in members.EnumerateArray())
                    {
                        pending.Push(_document.Resolve(member));
                    }
                }
            }
        }
    }

    private static List<string> FieldNames(List<JsonElement> examples) =>
        [.. examples.SelectMany(e => e.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal)];

    // Example values flattened to the objects they hold: an example list counts through its items.
    private static List<JsonElement> Objects(IEnumerable<JsonElement> values)
    {
        var objects = new List<JsonElement>();
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                objects.Add(value);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                objects.AddRange(Objects(value.EnumerateArray()));
            }
        }

        return objects;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Display(string pointer) => pointer.Length == 0 ? "(root)" : pointer;
}
