using Wharf.Api;
using Wharf.Api.Http;
using Wharf.Core.Urls;

namespace Wharf.Hosting;

/// <summary>
/// With subdomain isolation on, maps the host forms onto the path forms before anything looks at the path:
/// <c>npm.HOST/x</c> is <c>/_registry/npm/x</c> and <c>api.HOST/x</c> is <c>/api/v3/x</c>. The container registries
/// need nothing: <c>/v2/</c> answers on every host, and <c>docker.HOST</c> is told apart by its name. A request mapped
/// here carries a <see cref="SubdomainRequest"/>, so that its answer writes URLs on the host it was asked on.
/// </summary>
internal sealed class SubdomainRouting(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var prefix = host.StartsWith("npm.", StringComparison.OrdinalIgnoreCase) ? WharfUrls.NpmPath
            : host.StartsWith("api.", StringComparison.OrdinalIgnoreCase) ? GitHubApi.BasePath
            : null;
        if (prefix is not null)
        {
            context.Features.Set(new SubdomainRequest(prefix));
            if (!context.Request.Path.StartsWithSegments(prefix))
            {
                context.Request.Path = new PathString(prefix).Add(context.Request.Path);
            }
        }

        return next(context);
    }
}
