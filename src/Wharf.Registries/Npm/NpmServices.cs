using Microsoft.Extensions.Configuration;

namespace Wharf.Registries.Npm;

public static class NpmServices
{
    /// <summary>The npm registry's services and options (section <c>Npm</c>); its store comes from the storage project.</summary>
    public static IServiceCollection AddNpmRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NpmOptions>(configuration.GetSection(NpmOptions.Section));
        services.AddSingleton<NpmAccessCache>();
        services.AddSingleton<NpmPackumentCache>();
        services.AddScoped<NpmPackageReader>();
        services.AddScoped<NpmPublishService>();
        services.AddScoped<NpmMetadataService>();
        services.AddScoped<NpmDistTagService>();
        services.AddScoped<NpmDownloadService>();
        services.AddScoped<NpmSearchService>();
        return services;
    }
}
