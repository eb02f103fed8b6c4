using Microsoft.AspNetCore.Http;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Outcomes;
using Wharf.Core.Tokens;

namespace Wharf.Registries.Npm;

/// <summary>
/// Every error the npm registry answers, in npm's format <c>{"error": "..."}</c>, with GitHub's texts where they are
/// known (behaviour §1.5, §5.2).
/// </summary>
public static class NpmErrors
{
    /// <summary>The challenge GitHub sends; npm prints it when no token is configured.</summary>
    public const string Challenge = "Basic realm=\"GitHub Package Registry\"";

    public const string TokenNotProvided = "authentication token not provided";
    public const string BadCredentials = "unauthenticated: User cannot be authenticated with the token provided.";
    public const string NotFound = "Not found";
    public const string OwnerNotFound = "Permission not_found: owner not found";
    public const string VersionExists = "Cannot publish over existing version";
    public const string PermissionDenied = "Permission permission_denied: ";

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new NpmErrorJson(message), NpmJson.Options, statusCode: status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFoundResult(string message = NotFound) => Error(StatusCodes.Status404NotFound, message);

    public static IResult Forbidden(string? message) =>
        Error(StatusCodes.Status403Forbidden, PermissionDenied + (message ?? "You may not do this."));

    public static IResult TooLarge(long maxTarballBytes) =>
        Error(StatusCodes.Status413PayloadTooLarge, $"Package tarballs are limited to {NpmSizes.Describe(maxTarballBytes)}.");

    /// <summary>401 with GitHub's challenge, naming whether the token was missing or not accepted.</summary>
    public static IResult Unauthenticated(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = Challenge;
        var message = context.Authentication() is { Status: not AuthenticationStatus.Authenticated } ? BadCredentials : TokenNotProvided;
        return Error(StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>A core failure as npm's answer; what the caller may not read is a 404.</summary>
    public static IResult From<T>(HttpContext context, Outcome<T> outcome) => From(context, outcome.Status, outcome.Message);

    public static IResult From(HttpContext context, AccessDecision decision) => decision.Outcome switch
    {
        AccessOutcome.DenyAsUnauthenticated => Unauthenticated(context),
        AccessOutcome.DenyAsNotFound => NotFoundResult(),
        AccessOutcome.DenyAsForbidden => Forbidden(decision.Message),
        _ => throw new ArgumentException("An allowed decision is not a failure.", nameof(decision)),
    };

    public static IResult From(HttpContext context, OutcomeStatus status, string? message) => status switch
    {
        OutcomeStatus.Unauthenticated => Unauthenticated(context),
        OutcomeStatus.NotFound => NotFoundResult(),
        OutcomeStatus.Forbidden => Forbidden(message),
        OutcomeStatus.Conflict => Error(StatusCodes.Status409Conflict, message ?? "Conflict"),
        OutcomeStatus.Invalid => BadRequest(message ?? "Bad request"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a failure."),
    };
}
