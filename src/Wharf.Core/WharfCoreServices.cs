using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Jobs;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Core;

public static class WharfCoreServices
{
    /// <summary>Registers the core services; stores come from the storage project.</summary>
    public static IServiceCollection AddWharfCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<DownloadCounter>();
        services.AddSingleton<TokenCache>();
        services.AddScoped<TokenService>();
        services.AddScoped<AccountService>();
        services.AddScoped<RepositoryService>();
        services.AddScoped<PackageAccessLoader>();
        services.AddScoped<PackageService>();
        services.AddScoped<PackagePublisher>();
        services.AddScoped<BlobIntegrityCheck>();
        services.AddScoped<BlobReclaimer>();
        services.AddHostedService<DownloadFlushService>();
        services.AddHostedService<PurgeService>();
        return services;
    }
}
