using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Bench.WriteLoad;

// The write load of bench/write-load/run.sh: CLIENTS concurrent clients for SECONDS (after WARMUP), half pushing
// images and half publishing npm versions, every write request timed. Prints a table of p50, p99, the slowest
// write and the errors per kind of write on stdout; progress goes to stderr.
if (LoadOptions.Parse(args) is not { } options)
{
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2 })
{
    BaseAddress = options.BaseUrl,
    // Long enough to see the slowest write rather than cut it off: the soak that prompted this saw one over 30 s.
    Timeout = TimeSpan.FromSeconds(120),
};

var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("bench:" + options.Token));
using var tokenRequest = new HttpRequestMessage(HttpMethod.Get,
    $"v2/token?service=wharf&scope=repository:{options.Owner}/write-load-00:pull,push");
tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
using var tokenResponse = await http.SendAsync(tokenRequest);
tokenResponse.EnsureSuccessStatusCode();
var bearer = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())?["token"]?.GetValue<string>()
    ?? throw new InvalidOperationException("the token endpoint answered no token");

var log = new WriteLog(TimeSpan.FromSeconds(options.Warmup));
var until = DateTime.UtcNow.AddSeconds(options.Warmup + options.Seconds);
await Console.Error.WriteLineAsync($"== {options.Clients} clients, {options.Warmup} s warm-up, {options.Seconds} s measured");
var clients = Enumerable.Range(0, options.Clients).Select(i => Task.Run(() => i % 2 == 0
    ? new ContainerPusher(http, log, bearer, $"{options.Owner}/write-load-{i / 2:00}", options.LayerBytes).RunAsync(until)
    : new NpmPublisher(http, log, options.Token, options.Owner, options.Repository, $"write-load-{i / 2:00}").RunAsync(until)));
await Task.WhenAll(clients);
var measured = log.Elapsed.TotalSeconds - options.Warmup;

var records = log.Records;
if (options.Out is { } path)
{
    await log.WriteTsvAsync(path);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records.Count} writes in {measured:F1} s ({records.Count / measured:F1}/s)"));
Console.WriteLine();
Console.WriteLine("| write | count | p50 ms | p99 ms | max ms | errors |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var group in records.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Append(records.GroupBy(_ => "all").Single()))
{
    var latencies = group.Select(r => r.LatencyMs).Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {group.Key} | {latencies.Length} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} | {latencies[^1]:F1} | {group.Count(r => r.Failed)} |"));
}

foreach (var failure in records.Where(r => r.Failed).GroupBy(r => $"{r.Kind} {r.Status} {r.Error}").OrderByDescending(g => g.Count()).Take(5))
{
    await Console.Error.WriteLineAsync($"== {failure.Count()} × {failure.Key}");
}

return 0;

// Nearest rank: the smallest latency with at least p% of the writes at or below it.
static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
