using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Testing.Processes;

/// <summary>
/// <c>wharf serve --urls http://127.0.0.1:0</c> running as its own process in a folder, read up to the end of its
/// start banner. <see cref="KillAsync"/> and <see cref="DisposeAsync"/> kill it (by its id, with its whole process
/// tree): no graceful stop, as a crash or an out-of-memory kill ends it. Starting again in the same folder is a
/// restart on the same <c>./wharf-data</c> and database.
/// </summary>
public sealed partial class WharfServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly Task<string> _error;
    private Task _drain = Task.CompletedTask;

    private WharfServeProcess(Process process)
    {
        _process = process;
        _error = process.StandardError.ReadToEndAsync();
    }

    public int ProcessId => _process.Id;

    /// <summary>What the server printed up to and including "Point your clients at:".</summary>
    public string Banner { get; private set; } = "";

    /// <summary>The address from the banner's first line: where the server actually listens.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The first-start token, or null when the banner printed none.</summary>
    public string? Token => CliResult.TokenPattern().Match(Banner) is { Success: true } match ? match.Value : null;

    /// <summary>
    /// Starts <c>wharf serve</c> in <paramref name="workingDirectory"/>, new or used by an earlier (killed) start, with
    /// <paramref name="environment"/> added to its environment; returns once the banner is printed.
    /// </summary>
    public static async Task<WharfServeProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = new Process
        {
            StartInfo = WharfCli.StartInfo(["serve", "--urls", "http://127.0.0.1:0"], workingDirectory, environment),
        };
        process.Start();
        var served = new WharfServeProcess(process);
        try
        {
            await served.ReadBannerAsync();
            return served;
        }
        catch
        {
            await served.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("wharf-tests/1.0");
        return client;
    }

    /// <summary>SIGKILL by the process id, with its whole tree, then waits until it is gone. Safe to call twice.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var byId = Process.GetProcessById(_process.Id);
                byId.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // It exited between the check and the kill.
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _process.WaitForExitAsync(timeout.Token);
        }

        await Task.WhenAll(_drain, _error);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task ReadBannerAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var banner = new StringBuilder();
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.AppendLine(line);
                if (line.StartsWith("Point your clients at:", StringComparison.Ordinal))
                {
                    Banner = banner.ToString();
                    Address = new Uri(ListeningPattern().Match(Banner) is { Success: true } match
                        ? match.Groups["address"].Value
                        : throw new InvalidOperationException("The banner names no listening address:\n" + Banner));

                    // Keep reading so that log lines never fill the pipe and block the server.
                    _drain = _process.StandardOutput.ReadToEndAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"`wharf serve` printed no banner within {StartTimeout}. stdout so far:\n{banner}");
        }

        throw new InvalidOperationException(
            $"`wharf serve` exited before its banner. stdout:\n{banner}\nstderr:\n{await _error}");
    }

    [GeneratedRegex(@"^Wharf is listening on (?<address>[^\s,]+)", RegexOptions.Multiline)]
    private static partial Regex ListeningPattern();
}
