namespace Wharf.Hosting;

/// <summary>The host's log events, in one place with stable ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path} (request {RequestId})")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The request body of {Method} {Path} broke off: {Reason} (request {RequestId})")]
    public static partial void BrokenBody(ILogger logger, string method, string path, string reason, string requestId);
}
