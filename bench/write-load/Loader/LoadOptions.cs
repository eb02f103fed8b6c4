using System.Globalization;

namespace Wharf.Bench.WriteLoad;

/// <summary>Command-line flags of the write load.</summary>
public sealed record LoadOptions
{
    public const string Usage =
        "usage: wharf-bench-write-load --url http://127.0.0.1:PORT --token PAT --owner LOGIN --repository NAME\n" +
        "                              [--clients 64] [--seconds 60] [--warmup 5] [--layer-bytes 16384] [--out writes.tsv]";

    public required Uri BaseUrl { get; init; }

    /// <summary>A personal access token with <c>write:packages</c>.</summary>
    public required string Token { get; init; }

    /// <summary>The user that owns the images and the npm scope.</summary>
    public required string Owner { get; init; }

    /// <summary>A repository of the owner that the npm packages name in their <c>repository</c> field.</summary>
    public required string Repository { get; init; }

    /// <summary>Concurrent clients, half pushing images and half publishing npm versions.</summary>
    public int Clients { get; init; } = 64;

    public int Seconds { get; init; } = 60;

    /// <summary>Seconds of the same load before the measured part (JIT, pools); its writes are not counted.</summary>
    public int Warmup { get; init; } = 5;

    public int LayerBytes { get; init; } = 16 * 1024;

    /// <summary>Where every measured write goes as a line of TSV, or null.</summary>
    public string? Out { get; init; }

    /// <summary>The options, or null when the flags are wrong.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args)
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

        string[] known = ["url", "token", "owner", "repository", "clients", "seconds", "warmup", "layer-bytes", "out"];
        if (values.Keys.Except(known).Any() || !values.TryGetValue("url", out var url) || !values.TryGetValue("token", out var token) ||
            !values.TryGetValue("owner", out var owner) || !values.TryGetValue("repository", out var repository) ||
            !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl))
        {
            return null;
        }

        var options = new LoadOptions
        {
            BaseUrl = baseUrl,
            Token = token,
            Owner = owner,
            Repository = repository,
            Clients = Number(values, "clients", 64),
            Seconds = Number(values, "seconds", 60),
            Warmup = Number(values, "warmup", 5),
            LayerBytes = Number(values, "layer-bytes", 16 * 1024),
            Out = values.GetValueOrDefault("out"),
        };
        return options.Clients >= 2 && options.Seconds >= 1 && options.Warmup >= 0 && options.LayerBytes >= 1 ? options : null;
    }

    private static int Number(Dictionary<string, string> values, string key, int fallback) =>
        values.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
