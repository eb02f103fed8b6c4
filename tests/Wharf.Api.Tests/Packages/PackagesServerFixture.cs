using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// One server shared by the tests of a class; each test isolates itself with owners of its own
/// (<see cref="TestSeed.UniqueName"/>). A PostgreSQL server starts only when <c>WHARF_TEST_POSTGRES</c> is set; the
/// tests then skip (or fail in CI) through <see cref="Start"/>.
/// </summary>
public abstract class PackagesServerFixture(DatabaseKind database) : IAsyncLifetime
{
    private WharfTestServer? _server;

    public DatabaseKind Database => database;

    /// <summary>The server; skips the calling test on a laptop without PostgreSQL (fails in CI).</summary>
    public WharfTestServer Start()
    {
        TestEnvironment.Require(_server is not null, $"PostgreSQL ({PostgresDatabase.Variable})");
        return _server!;
    }

    public async ValueTask InitializeAsync()
    {
        if (database == DatabaseKind.Sqlite || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresDatabase.Variable)))
        {
            _server = await WharfTestServer.StartAsync(database);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
