using Microsoft.AspNetCore.Routing;

namespace Wharf.Api.Endpoints;

public static class AdministrationEndpoints
{
    public static void MapAdministration(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
