using System.Globalization;

namespace Wharf.Bench.Seeder;

/// <summary>Command-line flags of the seeder.</summary>
public sealed record SeedOptions
{
    public const string Usage =
        "usage: wharf-bench-seeder --data DIR [--database-provider sqlite|postgres] [--database CONNECTION]\n" +
        "                          [--packages 100000] [--versions 10000] [--org bench-org] [--batch 5000]";

    public required string DataDirectory { get; init; }

    public string Provider { get; init; } = "sqlite";

    public string? ConnectionString { get; init; }

    /// <summary>npm packages in the organization, the one with many versions included.</summary>
    public int Packages { get; init; } = 100_000;

    /// <summary>Versions of the last package; every other package has one.</summary>
    public int Versions { get; init; } = 10_000;

    public string Organization { get; init; } = "bench-org";

    public int BatchSize { get; init; } = 5_000;

    public bool IsPostgres => Provider.ToLowerInvariant() is "postgres" or "postgresql";

    /// <summary>The options, or null when the flags are wrong.</summary>
    public static SeedOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (!values.TryGetValue("data", out var data) ||
            values.Keys.Except(["data", "database-provider", "database", "packages", "versions", "org", "batch"]).Any())
        {
            return null;
        }

        var options = new SeedOptions
        {
            DataDirectory = data,
            Provider = values.GetValueOrDefault("database-provider", "sqlite"),
            ConnectionString = values.GetValueOrDefault("database"),
            Packages = Number(values, "packages", 100_000),
            Versions = Number(values, "versions", 10_000),
            Organization = values.GetValueOrDefault("org", "bench-org"),
            BatchSize = Number(values, "batch", 5_000),
        };
        return options.Packages >= 2 && options.Versions >= 1 && options.BatchSize >= 1 ? options : null;
    }

    private static int Number(Dictionary<string, string> values, string key, int fallback) =>
        values.TryGetValue(key, out var text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
