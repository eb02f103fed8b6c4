using Microsoft.AspNetCore.Connections;
using Wharf.Api;
using Wharf.Core.Urls;
using Wharf.Registries.Containers;
using Wharf.Registries.Npm;

namespace Wharf.Hosting;

/// <summary>
/// A request body that broke off (shorter than its Content-Length, stalled past Kestrel's minimum data rate, or the
/// connection reset) is the client's failure, not the server's: it is answered in the surface's own format, 400 (413
/// past a body limit), and logged as a warning without a stack trace. What the handler had begun is undone by its own
/// cleanup (an upload chunk's claim is released without advancing; a blob write deletes its temporary file).
/// </summary>
internal sealed class BrokenBody(RequestDelegate next, ILogger<BrokenBody> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (Find(ex, context) is { } broken)
        {
            LogMessages.BrokenBody(logger, context.Request.Method, context.Request.Path, broken.Message, context.TraceIdentifier);
            await WriteAsync(context, broken);
        }
    }

    private static BadHttpRequestException? Find(Exception? error, HttpContext context)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad:
                    return bad;
                case ConnectionResetException:
                    return new BadHttpRequestException("The connection was reset while the request body was read.", e);
                case IOException or OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                    return new BadHttpRequestException("The client went away while the request body was read.", e);
            }
        }

        return null;
    }

    private static async Task WriteAsync(HttpContext context, BadHttpRequestException broken)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to read an answer.
            return;
        }

        var status = broken.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        var message = "The request body broke off: " + broken.Message;
        var path = context.Request.Path;
        if (path.StartsWithSegments(GitHubApi.BasePath))
        {
            await GitHubError.WriteAsync(context, status, message);
        }
        else if (path.StartsWithSegments(WharfUrls.NpmPath))
        {
            await NpmErrors.Error(status, message).ExecuteAsync(context);
        }
        else if (path.StartsWithSegments("/v2"))
        {
            var code = path.Value!.Contains("/manifests/", StringComparison.Ordinal) ? OciErrorCodes.ManifestInvalid : OciErrorCodes.BlobUploadInvalid;
            await new OciError(status, code, message).ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(message + "\n");
        }
    }
}
