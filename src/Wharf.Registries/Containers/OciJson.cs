using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Registries.Containers;

/// <summary>Serializer settings of the registry's JSON answers (camelCase, nulls left out).</summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
