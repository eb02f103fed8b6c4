using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Wharf.Api;

/// <summary>
/// GitHub's error body, <c>{"message", "documentation_url", "status"}</c>, with the status as a string as GitHub
/// writes it. Every REST error leaves through here.
/// </summary>
public static class GitHubError
{
    public const string RestDocs = "https://docs.github.com/rest";
    public const string PackagesDocs = "https://docs.github.com/rest/packages/packages";
    public const string BadCredentials = "Bad credentials";
    public const string RequiresAuthentication = "Requires authentication";
    public const string NotFound = "Not Found";

    public static IResult Result(int status, string message, string? documentationUrl = null) =>
        Results.Json(new ErrorBody(message, documentationUrl ?? RestDocs, status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            GitHubJson.Options, statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string message, string? documentationUrl = null) =>
        Result(status, message, documentationUrl).ExecuteAsync(context);

    /// <summary>422 with GitHub's validation wording.</summary>
    public static IResult Validation(string message, string? documentationUrl = null) =>
        Result(StatusCodes.Status422UnprocessableEntity, message, documentationUrl);

    public sealed record ErrorBody(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("documentation_url")] string DocumentationUrl,
        [property: JsonPropertyName("status")] string Status);
}
