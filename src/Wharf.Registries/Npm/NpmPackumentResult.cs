using Microsoft.AspNetCore.Http;

namespace Wharf.Registries.Npm;

/// <summary>
/// Writes a cached packument: the abbreviated one when the client asks for it, its ETag, and 304 when the client's
/// copy is current. Clients revalidate every time (<c>no-cache</c>), so a change is seen on the next request.
/// </summary>
public sealed class NpmPackumentResult(NpmPackument packument, bool abbreviated) : IResult
{
    /// <summary>npm's install requests prefer the abbreviated form: <c>application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*</c>.</summary>
    public static bool WantsAbbreviated(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains(NpmAbbreviatedPackumentJson.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var etag = abbreviated ? packument.AbbreviatedETag : packument.FullETag;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = "Accept, Authorization";
        if (IsCurrent(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var body = abbreviated ? packument.Abbreviated : packument.Full;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = abbreviated ? NpmAbbreviatedPackumentJson.MediaType : "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    private static bool IsCurrent(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
