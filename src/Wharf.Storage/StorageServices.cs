using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Blobs;
using Wharf.Core.Metadata;
using Wharf.Storage.Database;
using Wharf.Storage.FileSystem;

namespace Wharf.Storage;

public static class StorageServices
{
    /// <summary>Registers the stores over whichever <see cref="WharfDbContext"/> the host configured.</summary>
    public static IServiceCollection AddWharfStores(this IServiceCollection services, string dataDirectory)
    {
        services.AddScoped<IAccountStore, AccountStore>();
        services.AddScoped<IRepositoryStore, RepositoryStore>();
        services.AddScoped<ITokenStore, TokenStore>();
        services.AddScoped<IAccessFactsStore, AccessFactsStore>();
        services.AddScoped<IPackageStore, PackageStore>();
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(dataDirectory));
        return services;
    }
}
