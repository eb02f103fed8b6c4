using System.Diagnostics;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Containers;

/// <summary>Runs skopeo (Debian package) against the test server over plain HTTP.</summary>
public static class Skopeo
{
    public static bool IsInstalled { get; } = Find() is not null;

    public static void Require() => TestEnvironment.Require(IsInstalled, "skopeo");

    /// <summary>Runs skopeo; returns exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await RunSeparatelyAsync(arguments);
        return (code, stdout + stderr);
    }

    /// <summary>Runs skopeo and fails the test with its output unless it succeeded; returns standard output.</summary>
    public static async Task<string> SucceedAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await RunSeparatelyAsync(arguments);
        return code == 0 ? stdout : throw new Xunit.Sdk.XunitException($"skopeo {string.Join(' ', arguments)} failed ({code}):\n{stdout}{stderr}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunSeparatelyAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Find()!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No user registries.conf or auth file may change what the test sees.
        start.Environment["REGISTRY_AUTH_FILE"] = Path.Combine(Path.GetTempPath(), "wharf-skopeo-auth-" + Guid.NewGuid().ToString("N") + ".json");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "skopeo")).FirstOrDefault(File.Exists);
}
