using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Wharf.Api.Http;

/// <summary>
/// GitHub's 422 for a body that breaks a rule, naming the resource, field and error code
/// (<c>missing_field</c>, <c>invalid</c>, <c>already_exists</c>, <c>custom</c>); clients such as Octokit read the
/// <c>errors</c> array (e.g. "name already exists on this account" becomes its RepositoryExistsException).
/// </summary>
public static class ValidationFailure
{
    public const string ValidationFailed = "Validation Failed";
    public const string MissingField = "missing_field";
    public const string Invalid = "invalid";
    public const string AlreadyExists = "already_exists";
    public const string Custom = "custom";

    public static IResult Result(string resource, string field, string code, string? message, string documentationUrl, string summary = ValidationFailed) =>
        Results.Json(
            new Body(summary, [new FieldError(resource, code, field, message)], documentationUrl,
                StatusCodes.Status422UnprocessableEntity.ToString(CultureInfo.InvariantCulture)),
            GitHubJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);

    public sealed record Body(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("errors")] IReadOnlyList<FieldError> Errors,
        [property: JsonPropertyName("documentation_url")] string DocumentationUrl,
        [property: JsonPropertyName("status")] string Status);

    public sealed record FieldError(
        [property: JsonPropertyName("resource")] string Resource,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("field")] string Field,
        [property: JsonPropertyName("message")] string? Message);
}
