using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Registries.Npm;

/// <summary>The npm registry's JSON conventions: names as the wire models spell them, absent rather than null fields.</summary>
public static class NpmJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Times as the npm registry writes them: ISO 8601 in UTC with milliseconds.</summary>
    public static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,

            // READMEs and descriptions are full of '<', '>' and '&'; answers are application/json, never embedded
            // in HTML, so the relaxed encoder keeps them readable and small.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
