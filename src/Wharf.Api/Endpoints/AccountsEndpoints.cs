using Microsoft.AspNetCore.Routing;

namespace Wharf.Api.Endpoints;

public static class AccountsEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
