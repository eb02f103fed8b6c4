using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Testing.Contract;

/// <summary>
/// Rewrites OpenAPI 3.0 schema objects as JSON Schema 2020-12, which JsonSchema.Net evaluates: <c>nullable</c>
/// becomes a type union with <c>null</c>, component references point into <c>$defs</c>, and the OpenAPI-only
/// keywords go.
/// </summary>
public static class OpenApiSchemaConverter
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";
    private const string ComponentPrefix = "#/components/schemas/";
    private const string DefsPrefix = "#/$defs/";

    // OpenAPI annotations with no JSON Schema meaning; `examples` is an array in 2020-12 but a map in OpenAPI.
    private static readonly HashSet<string> Dropped =
        ["nullable", "example", "examples", "xml", "discriminator", "externalDocs", "deprecated"];

    private static readonly HashSet<string> SchemaLists = ["allOf", "anyOf", "oneOf"];

    /// <summary>
    /// A self-contained 2020-12 document: every component schema under <c>$defs</c> and <paramref name="schema"/> as
    /// the root, identified by <paramref name="id"/> so that documents for different responses never collide.
    /// </summary>
    public static JsonObject ToDocument(JsonElement componentSchemas, JsonElement schema, Uri id)
    {
        var defs = new JsonObject();
        foreach (var component in componentSchemas.EnumerateObject())
        {
            defs[component.Name] = Convert(component.Value);
        }

        var document = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = id.ToString(),
            ["$defs"] = defs,
        };

        // A 3.0 schema never carries $schema, $id or $defs, so its keywords merge into the root without clashing.
        if (Convert(schema) is JsonObject root)
        {
            foreach (var (name, value) in root.ToList())
            {
                root.Remove(name);
                document[name] = value;
            }
        }

        return document;
    }

    /// <summary>Converts one OpenAPI 3.0 schema object and every schema nested in it.</summary>
    public static JsonNode Convert(JsonElement schema)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return JsonValue.Create(schema.GetBoolean());
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A schema must be an object or a boolean, not {schema.ValueKind}.", nameof(schema));
        }

        var result = new JsonObject();
        foreach (var keyword in schema.EnumerateObject())
        {
            var name = keyword.Name;
            var value = keyword.Value;
            if (Dropped.Contains(name) || name.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            // Formats stay annotations (a `uri` check would reject nothing useful and may reject valid URLs), but a
            // malformed timestamp is a real bug, so date-time alone is kept for the evaluator to assert.
            if (name == "format" && value.GetString() != "date-time")
            {
                continue;
            }

            result[name] = name switch
            {
                "$ref" => RewriteReference(value.GetString() ?? ""),
                "properties" => ConvertMap(value),
                "items" when value.ValueKind == JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(Convert)]),
                "items" or "additionalProperties" or "not" => Convert(value),
                _ when SchemaLists.Contains(name) => new JsonArray([.. value.EnumerateArray().Select(Convert)]),
                _ => JsonNode.Parse(value.GetRawText()),
            };
        }

        ConvertExclusiveBound(result, "exclusiveMinimum", "minimum");
        ConvertExclusiveBound(result, "exclusiveMaximum", "maximum");

        return schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True
            ? AllowNull(result)
            : result;
    }

    private static JsonObject ConvertMap(JsonElement map)
    {
        var result = new JsonObject();
        foreach (var entry in map.EnumerateObject())
        {
            result[entry.Name] = Convert(entry.Value);
        }

        return result;
    }

    private static string RewriteReference(string reference) =>
        reference.StartsWith(ComponentPrefix, StringComparison.Ordinal)
            ? DefsPrefix + reference[ComponentPrefix.Length..]
            : throw new NotSupportedException($"Schema reference '{reference}' does not point into #/components/schemas.");

    private static JsonObject AllowNull(JsonObject schema)
    {
        // Sub-schemas would still reject null, so null has to be an alternative to the whole schema, not a type.
        if (schema.ContainsKey("$ref") || SchemaLists.Any(schema.ContainsKey) || schema.ContainsKey("not"))
        {
            return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }

        if (schema["type"] is JsonValue type && type.TryGetValue<string>(out var single))
        {
            schema["type"] = new JsonArray(single, "null");
            // 3.0.3 wants null listed in an enum too; GitHub's spec relies on nullable alone.
            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }
        }

        // With no type (or a list already), nothing restricts the kind of value, so null passes as it is.
        return schema;
    }

    // OpenAPI 3.0 takes draft 4's boolean exclusive bounds; 2020-12 wants the bound itself.
    private static void ConvertExclusiveBound(JsonObject schema, string exclusive, string inclusive)
    {
        if (schema[exclusive] is not JsonValue flag || !flag.TryGetValue<bool>(out var isExclusive))
        {
            return;
        }

        schema.Remove(exclusive);
        if (isExclusive && schema[inclusive] is { } bound)
        {
            schema.Remove(inclusive);
            schema[exclusive] = bound;
        }
    }
}
