using System.Globalization;

namespace Wharf.Cli.Admin;

/// <summary>Rows printed as aligned columns under a header, as <c>gh</c> and <c>kubectl</c> list things.</summary>
internal sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    /// <summary>A UTC time as ISO 8601 to the second, or <paramref name="absent"/>.</summary>
    public static string Time(DateTime? value, string absent = "-") =>
        value is { } time ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : absent;

    public void Add(params string[] cells) => _rows.Add(cells);

    public async Task WriteAsync(TextWriter output)
    {
        var widths = Enumerable.Range(0, header.Length).Select(i => _rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in _rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }
    }
}
