using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Storage.Database;
using Wharf.Storage.FileSystem;

namespace Wharf.Storage;

public static class ContainerStorageServices
{
    /// <summary>The container registry's stores, upload area and token signing key (DATA/container-token.key).</summary>
    public static IServiceCollection AddContainerStorage(this IServiceCollection services, string dataDirectory)
    {
        services.AddScoped<IContainerStore, ContainerStore>();
        services.AddSingleton<IUploadArea>(_ => new UploadArea(dataDirectory));
        services.AddSingleton(_ => new ContainerTokenKey(LoadOrCreateKey(dataDirectory)));
        return services;
    }

    private static byte[] LoadOrCreateKey(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), "container-token.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temp, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                // Two nodes starting together: the first key in place wins, the other reads it.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }

        return File.ReadAllBytes(path);
    }
}
