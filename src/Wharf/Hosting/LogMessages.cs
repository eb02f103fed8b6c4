namespace Wharf.Hosting;

/// <summary>The host's log events, in one place with stable ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path} (request {RequestId})")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path, string requestId);
}
