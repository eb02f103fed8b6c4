using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Hosting;

namespace Wharf.Testing.Server;

/// <summary>
/// The real server for integration tests: Kestrel on 127.0.0.1 and a free port, a temporary data folder, SQLite or a
/// throwaway PostgreSQL database. Stopped and cleaned up in <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class WharfTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly PostgresDatabase? _postgres;

    private WharfTestServer(WebApplication app, string dataDirectory, PostgresDatabase? postgres, string output, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        _dataDirectory = dataDirectory;
        _postgres = postgres;
        StartOutput = output;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        AdminToken = TokenPattern().Match(output).Value;
        Seed = new TestSeed(app.Services);
    }

    public Uri BaseAddress { get; }

    /// <summary>The REST API base as Octokit and gh want it: <c>http://127.0.0.1:PORT/api/v3/</c>.</summary>
    public Uri ApiAddress => new(BaseAddress, "api/v3/");

    public IServiceProvider Services => _app.Services;

    /// <summary>What the server printed on start.</summary>
    public string StartOutput { get; }

    /// <summary>The first-start site administrator's token, read from <see cref="StartOutput"/>.</summary>
    public string AdminToken { get; }

    public string DataDirectory => _dataDirectory;

    /// <summary>What the server logged (Warning and up) since it was built.</summary>
    public LogCapture Logs { get; }

    /// <summary>Makes accounts, repositories, tokens and packages straight through the core, for test setup.</summary>
    public TestSeed Seed { get; }

    public static async Task<WharfTestServer> StartAsync(
        DatabaseKind database = DatabaseKind.Sqlite,
        IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wharf-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var postgres = database == DatabaseKind.Postgres ? await PostgresDatabase.CreateAsync() : null;
        var values = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["DataDirectory"] = dataDirectory,
            ["Database:Provider"] = database == DatabaseKind.Postgres ? "postgres" : "sqlite",
            ["Database:ConnectionString"] = postgres?.ConnectionString,

            // Tests make many calls from one address; the rate-limit tests turn it on for themselves.
            ["RateLimit:TokenRequestsPerHour"] = "0",
            ["RateLimit:AnonymousRequestsPerHour"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = new LogCapture();
        var app = WharfServer.Build([], c => c.AddInMemoryCollection(values), services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(logs));
        });
        using var output = new StringWriter();
        try
        {
            await WharfServer.StartAsync(app, output, CancellationToken.None);
        }
        catch
        {
            // A server that never started leaves nothing behind: no database, no data folder.
            await app.DisposeAsync();
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // The start failure is what the test must see, not a cleaning one.
            }

            throw;
        }

        return new WharfTestServer(app, dataDirectory, postgres, output.ToString(), logs);
    }

    /// <summary>An HTTP client on the server, sending <c>Authorization: token T</c> when a token is given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        }

        client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("wharf-tests/1.0");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS must not fail the test; the temp folder is cleaned by the OS later.
        }
    }

    [GeneratedRegex("ghp_[A-Za-z0-9]{36}")]
    private static partial Regex TokenPattern();
}
