using Microsoft.AspNetCore.Routing;

namespace Wharf.Api.Endpoints;

public static class RepositoriesEndpoints
{
    public static void MapRepositories(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
