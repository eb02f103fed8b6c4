using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Testing.Server;

/// <summary>One log entry the server wrote.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id} {EventId.Name}]: {Message}";
}

/// <summary>
/// Keeps what the test server logs (at the server's level, Warning and up) so a test can assert that an expected
/// outcome, such as a duplicate version, is not logged as a failure.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>A position to pass to <see cref="Since"/>: tests sharing a server look only at their own entries.</summary>
    public int Mark() => _entries.Count;

    public IReadOnlyList<CapturedLog> Since(int mark) => [.. _entries.Skip(mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception)));
    }
}
