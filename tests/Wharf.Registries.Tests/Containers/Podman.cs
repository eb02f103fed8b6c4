using System.Diagnostics;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// Runs podman (Debian package) as a user would, but in a sandbox of its own: image storage (vfs, no kernel
/// overlay needed), run state, temporary files and the login file all live in one folder that
/// <see cref="Dispose"/> removes, so nothing of the machine's own podman set-up changes what a test sees.
/// </summary>
public sealed class Podman : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wharf-podman-" + Guid.NewGuid().ToString("N")[..12]);

    public Podman()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));

        // podman refuses a REGISTRY_AUTH_FILE that does not exist yet.
        File.WriteAllText(AuthFile, "{\"auths\":{}}");
    }

    private string AuthFile => Path.Combine(_root, "auth.json");

    public static bool IsInstalled { get; } = Find() is not null;

    public static void Require() => TestEnvironment.Require(IsInstalled, "podman");

    /// <summary>Runs podman; returns exit code, standard output and standard error.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Find()!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--root", Path.Combine(_root, "storage"), "--runroot", Path.Combine(_root, "run"), "--storage-driver", "vfs", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REGISTRY_AUTH_FILE"] = AuthFile;
        start.Environment["TMPDIR"] = Path.Combine(_root, "tmp");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs podman and fails the test with its output unless it succeeded; returns standard output.</summary>
    public async Task<string> SucceedAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await RunAsync(arguments);
        return code == 0 ? stdout : throw new Xunit.Sdk.XunitException($"podman {string.Join(' ', arguments)} failed ({code}):\n{stdout}{stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Image storage can hold files podman made read-only; the temporary folder is the OS's to clean then.
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "podman")).FirstOrDefault(File.Exists);
}
