using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Wharf.Registries.Containers;

/// <summary>
/// An error in the OCI format, <c>{"errors":[{"code","message","detail"}]}</c>, with the Bearer challenge on 401s
/// (Distribution token authentication).
/// </summary>
public sealed class OciError(int status, string code, string message, string? challenge = null) : IResult
{
    public int Status => status;

    public string Code => code;

    public static OciError BlobUnknown() => new(StatusCodes.Status404NotFound, OciErrorCodes.BlobUnknown, "blob unknown to registry");

    public static OciError UploadUnknown() => new(StatusCodes.Status404NotFound, OciErrorCodes.BlobUploadUnknown, "blob upload unknown to registry");

    public static OciError DigestInvalid(string message = "provided digest did not match uploaded content") =>
        new(StatusCodes.Status400BadRequest, OciErrorCodes.DigestInvalid, message);

    public static OciError ManifestUnknown() => new(StatusCodes.Status404NotFound, OciErrorCodes.ManifestUnknown, "manifest unknown");

    public static OciError ManifestInvalid(string message) => new(StatusCodes.Status400BadRequest, OciErrorCodes.ManifestInvalid, message);

    public static OciError NameUnknown() => new(StatusCodes.Status404NotFound, OciErrorCodes.NameUnknown, "repository name not known to registry");

    public static OciError NameInvalid() => new(StatusCodes.Status400BadRequest, OciErrorCodes.NameInvalid, "invalid repository name");

    public static OciError Denied(string message = "requested access to the resource is denied") =>
        new(StatusCodes.Status403Forbidden, OciErrorCodes.Denied, message);

    public static OciError Unauthorized(string challenge) =>
        new(StatusCodes.Status401Unauthorized, OciErrorCodes.Unauthorized, "authentication required", challenge);

    public static OciError Unsupported(string message) => new(StatusCodes.Status405MethodNotAllowed, OciErrorCodes.Unsupported, message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (challenge is not null)
        {
            response.Headers.WWWAuthenticate = challenge;
        }

        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new ErrorBody([new ErrorEntry(code, message)]), OciJson.Options, httpContext.RequestAborted);
    }

    private sealed record ErrorBody(IReadOnlyList<ErrorEntry> Errors);

    private sealed record ErrorEntry(string Code, string Message);
}
