namespace Wharf.Bench.WriteLoad;

/// <summary>One write request: what it was, when it started (ms after the measured part began), how long it took.</summary>
public sealed record WriteRecord(string Kind, double StartMs, double LatencyMs, int Status, string? Error)
{
    public bool Failed => Error is not null || Status is < 200 or > 299;
}
