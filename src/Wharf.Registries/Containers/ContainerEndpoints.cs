using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Wharf.Core.Containers;
using Wharf.Core.Runtime;

namespace Wharf.Registries.Containers;

/// <summary>
/// The Container registry at /v2/ (OCI Distribution Specification 1.1, Docker Registry HTTP API v2). Image names
/// contain slashes, so one catch-all route dispatches on the path's tail (manifests, blobs, uploads, tags,
/// referrers), as the spec's endpoint table reads.
/// </summary>
public static partial class ContainerEndpoints
{
    public static IServiceCollection AddContainerRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ContainerOptions>(configuration.GetSection(ContainerOptions.Section));
        services.AddScoped<ContainerTokens>();
        services.AddSingleton<ContainerAccessCache>();
        services.AddSingleton<ServerInstance>();
        services.AddScoped<BlobGarbageCollector>();
        services.AddScoped<DockerMigration>();
        return services;
    }

    /// <summary>The /v2/ authentication step (after the credentials step) and the routes.</summary>
    public static WebApplication UseContainerRegistry(this WebApplication app)
    {
        app.UseMiddleware<ContainerAuthentication>();
        app.MapGet("/v2/token", TokenEndpoint.IssueAsync);
        app.MapPost("/v2/token", TokenEndpoint.IssueForFormAsync);
        app.MapMethods("/v2/{**path}", ["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE"], DispatchAsync);
        return app;
    }

    private static async Task<IResult> DispatchAsync(HttpContext context, string? path)
    {
        var request = ContainerRequest.For(context);
        var method = context.Request.Method;
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        path = (path ?? "").TrimEnd('/');

        // end-1: the API version check; 401 with the challenge tells clients to fetch a token.
        if (path.Length == 0)
        {
            context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            return context.Features.Get<Wharf.Core.Tokens.AuthenticationResult>() is null
                ? request.Challenge(null, push: false)
                : TypedResults.Json(new { }, OciJson.Options);
        }

        if (path == "_catalog" && isRead)
        {
            return await DiscoveryEndpoints.CatalogAsync(request);
        }

        var match = Route().Match(path);
        if (!match.Success)
        {
            return OciError.NameUnknown();
        }

        if (!ImageName.TryParse(match.Groups["name"].Value, out var name) || (request.IsDocker && !name.Image.Contains('/', StringComparison.Ordinal)))
        {
            return OciError.NameInvalid();
        }

        var reference = match.Groups["ref"].Value;
        return (match.Groups["kind"].Value, method) switch
        {
            ("manifests", "GET" or "HEAD") => await ManifestEndpoints.GetAsync(request, name, reference),
            ("manifests", "PUT") => await ManifestEndpoints.PutAsync(request, name, reference),
            ("manifests", "DELETE") => await ManifestEndpoints.DeleteAsync(request, name, reference),
            ("blobs/uploads", "POST") when reference.Length == 0 => await BlobEndpoints.StartAsync(request, name),
            ("blobs/uploads", "PATCH") => await UploadSessionEndpoints.PatchAsync(request, name, reference),
            ("blobs/uploads", "PUT") => await UploadSessionEndpoints.FinishAsync(request, name, reference),
            ("blobs/uploads", "GET") => await UploadSessionEndpoints.StatusAsync(request, name, reference),
            ("blobs/uploads", "DELETE") => await UploadSessionEndpoints.CancelAsync(request, name, reference),
            ("blobs", "GET" or "HEAD") => await BlobEndpoints.GetAsync(request, name, reference),
            ("blobs", "DELETE") => BlobEndpoints.Delete(),
            ("tags/list", "GET") => await DiscoveryEndpoints.TagsAsync(request, name),
            ("referrers", "GET") => await DiscoveryEndpoints.ReferrersAsync(request, name, reference),
            _ => OciError.Unsupported("method not allowed"),
        };
    }

    [GeneratedRegex("^(?<name>.+?)/(?:(?<kind>blobs/uploads)/?(?<ref>[^/]*)|(?<kind>manifests|blobs|referrers)/(?<ref>[^/]+)|(?<kind>tags/list)(?<ref>))$")]
    private static partial Regex Route();
}
