using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// One server shared by the tests of a class (each test makes its own owner); PostgreSQL only when
/// <c>WHARF_TEST_POSTGRES</c> is set, the tests then skip on a laptop and fail in CI through <see cref="Start"/>.
/// </summary>
public abstract class NpmServer(DatabaseKind database, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private WharfTestServer? _server;

    public WharfTestServer Start()
    {
        TestEnvironment.Require(_server is not null, $"PostgreSQL ({PostgresDatabase.Variable})");
        return _server!;
    }

    public async ValueTask InitializeAsync()
    {
        if (database == DatabaseKind.Sqlite || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresDatabase.Variable)))
        {
            _server = await WharfTestServer.StartAsync(database, settings);
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
