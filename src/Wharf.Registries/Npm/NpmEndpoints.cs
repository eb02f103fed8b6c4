using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Wharf.Api.Http;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Registries.Npm;

/// <summary>
/// The npm registry at <c>/_registry/npm/</c> (behaviour §5.1, §5.2), speaking the npm registry API
/// (https://github.com/npm/registry/tree/main/docs) as the npm CLI uses it. Handlers parse the route, call one
/// service, and write npm's answer; every failure is npm's <c>{"error": "..."}</c>.
/// </summary>
public static partial class NpmEndpoints
{
    public const string BasePath = WharfUrls.NpmPath;

    private const int MaxLoginBytes = 64 * 1024;
    private const string CouchUserPrefix = "org.couchdb.user:";

    public static RouteGroupBuilder MapNpmRegistry(this IEndpointRouteBuilder endpoints)
    {
        var npm = endpoints.MapGroup(BasePath);
        npm.AddEndpointFilter(ServerErrorAsync);

        // Account routes of the CouchDB-era API that npm still uses.
        npm.MapGet("/-/ping", () => TypedResults.Json(new Dictionary<string, string>(), NpmJson.Options));
        npm.MapGet("/-/whoami", Whoami);
        npm.MapPut("/-/user/{user}", LoginAsync);
        npm.MapGet("/-/v1/search", SearchAsync);

        // npm audit: Wharf keeps no advisory database, so every audit finds nothing instead of failing.
        npm.MapPost("/-/npm/v1/security/advisories/bulk", Audit);
        npm.MapPost("/-/npm/v1/security/audits/quick", Audit);

        npm.MapGet("/-/package/{package}/dist-tags", (HttpContext c, string package, NpmDistTagService tags) =>
            WithName(package, name => tags.ListAsync(c, name, c.RequestAborted)));
        npm.MapPut("/-/package/{package}/dist-tags/{tag}", (HttpContext c, string package, string tag, NpmDistTagService tags) =>
            WithName(package, name => tags.SetAsync(c, name, tag, c.RequestAborted)));
        npm.MapDelete("/-/package/{package}/dist-tags/{tag}", (HttpContext c, string package, string tag, NpmDistTagService tags) =>
            WithName(package, name => tags.RemoveAsync(c, name, tag, c.RequestAborted)));

        // Packuments: npm sends "@scope%2fname"; "@scope/name" is accepted as well.
        npm.MapGet("/{package}", (HttpContext c, string package, NpmPackageReader reader) =>
            WithName(package, name => PackumentAsync(c, name, null, reader)));
        npm.MapGet("/{first}/{second}", (HttpContext c, string first, string second, NpmPackageReader reader) =>
            NpmPackageName.TryParse(first, second, out var name)
                ? PackumentAsync(c, name.Value, null, reader)
                : WithName(first, n => PackumentAsync(c, n, second, reader)));
        npm.MapGet("/{scope}/{package}/{version}", (HttpContext c, string scope, string package, string version, NpmPackageReader reader) =>
            WithName(scope, package, name => PackumentAsync(c, name, version, reader)));

        npm.MapGet("/{package}/-/{file}", (HttpContext c, string package, string file, NpmDownloadService downloads) =>
            WithName(package, name => downloads.DownloadAsync(c, name, file, c.RequestAborted)));
        npm.MapGet("/{scope}/{package}/-/{file}", (HttpContext c, string scope, string package, string file, NpmDownloadService downloads) =>
            WithName(scope, package, name => downloads.DownloadAsync(c, name, file, c.RequestAborted)));

        // Publish, deprecate and unpublish-one-version all PUT the package document.
        npm.MapPut("/{package}", (HttpContext c, string package, NpmPublishService publish) =>
            WithName(package, name => publish.PutAsync(c, name, c.RequestAborted)));
        npm.MapPut("/{package}/-rev/{rev}", (HttpContext c, string package, NpmPublishService publish) =>
            WithName(package, name => publish.PutAsync(c, name, c.RequestAborted)));
        npm.MapDelete("/{package}/-rev/{rev}", (HttpContext c, string package, NpmMetadataService metadata) =>
            WithName(package, name => metadata.UnpublishAsync(c, name, c.RequestAborted)));
        npm.MapDelete("/{package}/-/{file}/-rev/{rev}", (HttpContext c, string package, NpmMetadataService metadata) =>
            WithName(package, name => metadata.DeleteTarballAsync(c, name, c.RequestAborted)));
        npm.MapDelete("/{scope}/{package}/-/{file}/-rev/{rev}", (HttpContext c, string scope, string package, NpmMetadataService metadata) =>
            WithName(scope, package, name => metadata.DeleteTarballAsync(c, name, c.RequestAborted)));

        npm.MapFallback("/{**rest}", () => NpmErrors.NotFoundResult());
        return npm;
    }

    /// <summary>A packument, or one version's manifest (<c>GET /{package}/{version-or-tag}</c>).</summary>
    private static async Task<IResult> PackumentAsync(HttpContext context, NpmPackageName name, string? version, NpmPackageReader reader)
    {
        var found = await reader.GetAsync(context, name, context.RequestAborted);
        if (!found.IsOk)
        {
            return NpmErrors.From(context, found);
        }

        if (version is null)
        {
            return new NpmPackumentResult(found.Value!, NpmPackumentResult.WantsAbbreviated(context.Request));
        }

        var packument = found.Value!;
        var wanted = packument.DistTags.TryGetValue(version, out var tagged) ? tagged : NpmVersions.Clean(version);
        if (!packument.Versions.ContainsKey(wanted))
        {
            return NpmErrors.NotFoundResult($"Version {version} of {name.FullName} not found.");
        }

        using var document = JsonDocument.Parse(packument.Full);
        return TypedResults.Json(document.RootElement.GetProperty("versions").GetProperty(wanted).Clone(), NpmJson.Options);
    }

    /// <summary><c>npm whoami</c> with a token: the login of the token's user.</summary>
    private static IResult Whoami(HttpContext context) =>
        context.Principal().User is { } user
            ? TypedResults.Json(new NpmWhoamiJson(user.Login), NpmJson.Options)
            : NpmErrors.Unauthenticated(context);

    /// <summary>
    /// Legacy login (<c>npm login --auth-type=legacy</c>): the user name and a token as the password. The token is
    /// checked and handed back for npm to save; the user name is not compared with the token's owner (behaviour §2.6).
    /// </summary>
    private static async Task<IResult> LoginAsync(HttpContext context, string user, TokenService tokens)
    {
        if (!user.StartsWith(CouchUserPrefix, StringComparison.Ordinal) || context.Request.ContentLength > MaxLoginBytes)
        {
            return NpmErrors.NotFoundResult();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxLoginBytes;
        }

        NpmLoginRequest? login;
        try
        {
            login = await JsonSerializer.DeserializeAsync<NpmLoginRequest>(context.Request.Body, NpmJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return NpmErrors.BadRequest("The login document is not valid JSON.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return NpmErrors.BadRequest("The login document is too large.");
        }

        if (string.IsNullOrEmpty(login?.Password) ||
            (await tokens.AuthenticateAsync(login.Password, context.RequestAborted)).Status != AuthenticationStatus.Authenticated)
        {
            context.Response.Headers.WWWAuthenticate = NpmErrors.Challenge;
            return NpmErrors.Error(StatusCodes.Status401Unauthorized,
                "Login failed: use a personal access token (classic) with the read:packages scope as the password.");
        }

        return TypedResults.Json(new NpmLoginJson(true, user, login.Password), NpmJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, string? text, int? size, int? from, NpmSearchService search, NpmPackageReader reader)
    {
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return NpmErrors.Unauthenticated(context);
        }

        var result = await search.SearchAsync(principal, reader.RegistryUrlFor(context), text, size ?? 20, from ?? 0, context.RequestAborted);
        return TypedResults.Json(result, NpmJson.Options);
    }

    private static IResult Audit(HttpContext context) =>
        context.Principal().IsAuthenticated
            ? TypedResults.Json(new Dictionary<string, string>(), NpmJson.Options)
            : NpmErrors.Unauthenticated(context);

    private static Task<IResult> WithName(string package, Func<NpmPackageName, Task<IResult>> handler) =>
        NpmPackageName.TryParse(package, out var name) ? handler(name.Value) : Task.FromResult(NpmErrors.NotFoundResult());

    private static Task<IResult> WithName(string scope, string package, Func<NpmPackageName, Task<IResult>> handler) =>
        NpmPackageName.TryParse(scope, package, out var name) ? handler(name.Value) : Task.FromResult(NpmErrors.NotFoundResult());

    /// <summary>An unexpected exception is npm's 500 with a request id to quote; the details go to the log only.</summary>
    private static async ValueTask<object?> ServerErrorAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or BadHttpRequestException))
        {
            // A body that broke off is the client's; the host answers it (400 in npm's format), not as a server error.
            var context = invocation.HttpContext;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NpmEndpoints));
            LogServerError(logger, ex, context.Request.Method, context.Request.Path, context.TraceIdentifier);
            return NpmErrors.Error(StatusCodes.Status500InternalServerError, $"Internal server error (request {context.TraceIdentifier})");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "npm {Method} {Path} failed (request {RequestId})")]
    private static partial void LogServerError(ILogger logger, Exception exception, string method, string path, string requestId);
}
