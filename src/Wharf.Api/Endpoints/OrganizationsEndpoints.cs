using Microsoft.AspNetCore.Routing;

namespace Wharf.Api.Endpoints;

public static class OrganizationsEndpoints
{
    public static void MapOrganizations(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
