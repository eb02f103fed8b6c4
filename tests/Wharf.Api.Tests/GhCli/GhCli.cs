using System.Diagnostics;
using Wharf.Testing.Server;

namespace Wharf.Api.Tests.GhCli;

/// <summary>
/// Runs the GitHub CLI (Debian package <c>gh</c>) against one HTTPS test server as a GitHub Enterprise host, in a
/// clean environment: only this runner's <c>GH_*</c> variables, its own config folder, and the test certificate as
/// the only trusted root.
/// </summary>
public sealed class GhCli(Uri serverAddress, string certificatePath, string homeFolder)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static bool IsInstalled => Find() is not null;

    /// <summary>Skips the calling test on a laptop without gh; fails it in CI.</summary>
    public static void Require() => TestEnvironment.Require(IsInstalled, "gh (the GitHub CLI)");

    /// <summary><c>127.0.0.1:PORT</c>: gh takes any host but github.com for GitHub Enterprise and calls <c>https://HOST/api/v3/</c>.</summary>
    public string Host => serverAddress.Authority;

    /// <summary>Runs <c>gh</c> with <paramref name="arguments"/> as the holder of <paramref name="token"/>.</summary>
    public async Task<GhResult> RunAsync(string token, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find() ?? throw new InvalidOperationException("gh is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = homeFolder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the developer's own gh setup (GH_TOKEN, GITHUB_TOKEN, GH_HOST, a logged-in config, a proxy)
        // may decide which host gh calls or which token it sends.
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = homeFolder;
        start.Environment["GH_CONFIG_DIR"] = Path.Combine(homeFolder, "gh-config");
        start.Environment["GH_HOST"] = Host;
        start.Environment["GH_ENTERPRISE_TOKEN"] = token;
        start.Environment["GH_NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["GH_PROMPT_DISABLED"] = "1";
        start.Environment["NO_COLOR"] = "1";

        // Go reads its trusted roots from SSL_CERT_FILE on Linux: the test certificate replaces the system's.
        start.Environment["SSL_CERT_FILE"] = certificatePath;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"gh {string.Join(' ', arguments)} did not finish within {Timeout}:\n{await output}{await error}");
        }

        return new GhResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs gh and fails the test with what it printed unless it exited 0; returns standard output.</summary>
    public async Task<string> SucceedAsync(string token, params string[] arguments)
    {
        var result = await RunAsync(token, arguments);
        return result.ExitCode == 0 ? result.Output : throw new Xunit.Sdk.XunitException($"gh {string.Join(' ', arguments)} failed: {result}");
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "gh")).FirstOrDefault(File.Exists);
}
