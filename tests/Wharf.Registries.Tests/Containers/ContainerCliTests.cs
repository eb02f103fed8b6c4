using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary><c>wharf gc</c> and <c>wharf admin migrate-docker</c> run as processes on a data folder.</summary>
public sealed class ContainerCliTests
{
    [Fact]
    public async Task Gc_and_migrate_docker_commands_work_on_a_data_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wharf-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string?> { ["DataDirectory"] = folder };
        try
        {
            string login, token, loose;
            await using (var server = await WharfTestServer.StartAsync(settings: settings))
            {
                var owner = await server.Seed.UserAsync();
                login = owner.Login;
                await server.Seed.RepositoryAsync(owner, Visibility.Private, "repo");
                token = await server.Seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages, Scope.Repo);
                using var docker = new RegistryClient(server, token);
                docker.Http.DefaultRequestHeaders.Host = $"docker.wharf.test:{server.BaseAddress.Port}";
                await docker.LoginAsync();
                await docker.PushImageAsync($"{login}/repo/app", "v1");
                loose = await docker.PushBlobAsync($"{login}/repo/app", RandomNumberGenerator.GetBytes(4096));
            }

            var patient = await RunAsync("gc", "--dry-run", "--data", folder);
            Assert.Contains("Would reclaim 0 blobs", patient, StringComparison.Ordinal);

            var config = Path.Combine(folder, "gc.json");
            await File.WriteAllTextAsync(config, "{\"Containers\":{\"GcGracePeriod\":\"00:00:00\"}}");
            await Task.Delay(1100);
            var collected = await RunAsync("gc", "--data", folder, "--config", config);
            Assert.Contains("Reclaimed 1 blobs", collected, StringComparison.Ordinal);

            var migrated = await RunAsync("admin", "migrate-docker", "--data", folder);
            Assert.Contains("Moved 1 docker packages", migrated, StringComparison.Ordinal);

            await using var again = await WharfTestServer.StartAsync(settings: settings);
            using var containers = new RegistryClient(again, token);
            await containers.LoginAsync();
            Assert.Equal(HttpStatusCode.OK, (await containers.SendAsync(HttpMethod.Get, $"v2/{login}/repo/app/manifests/v1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await containers.SendAsync(HttpMethod.Head, $"v2/{login}/repo/app/blobs/{loose}")).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    /// <summary>Runs <c>dotnet wharf.dll ARGS</c> (copied next to the tests) and returns its output; fails on a non-zero exit.</summary>
    private static async Task<string> RunAsync(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wharf.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("WHARF_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new Xunit.Sdk.XunitException($"wharf {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{text}");
    }
}
