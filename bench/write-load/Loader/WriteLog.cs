using System.Diagnostics;
using System.Globalization;

namespace Wharf.Bench.WriteLoad;

/// <summary>
/// Times each write request of all clients. Writes that start before the measured part (the warm-up) are not kept;
/// those that start inside it are kept whenever they end.
/// </summary>
public sealed class WriteLog(TimeSpan warmup)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly List<WriteRecord> _records = [];

    public IReadOnlyList<WriteRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Sends one request and records it; answers the response (null when the request failed).</summary>
    public async Task<HttpResponseMessage?> TimeAsync(string kind, Func<Task<HttpResponseMessage>> send)
    {
        var start = _clock.Elapsed;
        HttpResponseMessage? response = null;
        string? error = null;
        try
        {
            response = await send();
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                error = body.Length > 200 ? body[..200] : body;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error = ex.GetType().Name + ": " + ex.Message;
        }

        var end = _clock.Elapsed;
        if (start >= warmup)
        {
            var record = new WriteRecord(kind, (start - warmup).TotalMilliseconds, (end - start).TotalMilliseconds,
                response is null ? 0 : (int)response.StatusCode, error?.ReplaceLineEndings(" "));
            lock (_lock)
            {
                _records.Add(record);
            }
        }

        return error is null ? response : null;
    }

    public async Task WriteTsvAsync(string path)
    {
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("kind\tstart_ms\tlatency_ms\tstatus\terror");
        foreach (var r in Records.OrderBy(r => r.StartMs))
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.Kind}\t{r.StartMs:F1}\t{r.LatencyMs:F1}\t{r.Status}\t{r.Error}"));
        }
    }
}
