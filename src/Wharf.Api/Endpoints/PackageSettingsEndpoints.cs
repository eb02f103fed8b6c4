using Microsoft.AspNetCore.Routing;

namespace Wharf.Api.Endpoints;

public static class PackageSettingsEndpoints
{
    public static void MapPackageSettings(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
