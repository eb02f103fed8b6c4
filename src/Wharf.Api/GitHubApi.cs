using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Wharf.Api.Endpoints;
using Wharf.Api.Http;

namespace Wharf.Api;

/// <summary>Plugs GitHub's REST API into the host at <c>/api/v3</c>, as GitHub Enterprise Server serves it.</summary>
public static class GitHubApi
{
    public const string BasePath = "/api/v3";

    public static IServiceCollection AddGitHubApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RateLimiter>();
        return services;
    }

    /// <summary>The REST conventions (headers, versions, rate limits, bad credentials) for requests under <see cref="BasePath"/>.</summary>
    public static IApplicationBuilder UseGitHubApi(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(BasePath), b => b.UseMiddleware<GitHubApiMiddleware>());

    public static RouteGroupBuilder MapGitHubApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath);
        api.MapPackages();
        api.MapPackageSettings();
        api.MapAccounts();
        api.MapOrganizations();
        api.MapRepositories();
        api.MapAdministration();
        api.MapGet("/", () => Results.Json(new { current_user_url = "/user" }, GitHubJson.Options));
        api.MapFallback(() => GitHubError.Result(StatusCodes.Status404NotFound, GitHubError.NotFound));
        return api;
    }
}
