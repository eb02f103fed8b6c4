using System.Diagnostics;

namespace Wharf.Testing.Processes;

/// <summary>
/// Runs the built <c>wharf</c> as its own process, the way an operator runs it, against one data folder or database.
/// Its wharf.dll is found next to the running tests: Wharf.Testing references the Wharf project, so the build copies
/// wharf.dll (with its runtimeconfig and deps) into every test project's output folder.
/// </summary>
public sealed class WharfCli(string workingFolder, IReadOnlyList<string> dataArguments)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    public static WharfCli ForDataFolder(string folder) => new(folder, ["--data", folder]);

    /// <summary>Metadata in PostgreSQL; blobs, as always, in the data folder.</summary>
    public static WharfCli ForPostgres(string connectionString, string folder) =>
        new(folder, ["--data", folder, "--database-provider", "postgres", "--database", connectionString]);

    /// <summary>Runs <c>wharf ARGS --data ...</c> to its end, in the data folder.</summary>
    public async Task<CliResult> RunAsync(params string[] arguments)
    {
        using var process = new Process { StartInfo = StartInfo([.. arguments, .. dataArguments], workingFolder) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`wharf {string.Join(' ', arguments)}` did not finish within {CommandTimeout}.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// <c>dotnet wharf.dll ARGS</c> with both streams captured and the test's environment, CI included, plus
    /// <paramref name="environment"/> (such as <c>WHARF_Containers__UploadClaimLease</c>) set on top.
    /// </summary>
    public static ProcessStartInfo StartInfo(
        IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The host that runs the tests, so the child uses the same SDK's runtime as the build.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A developer's own WHARF_* settings must not point a test's process at their real data.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("WHARF_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
