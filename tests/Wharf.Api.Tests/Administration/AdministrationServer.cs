using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>
/// One SQLite server shared by the tests of a class (starting one per test would dominate the run time); each test
/// makes its own users and organizations with <see cref="TestSeed.UniqueName"/>.
/// </summary>
public sealed class AdministrationServer : IAsyncLifetime
{
    private WharfTestServer? _server;

    public AdministrationApi Api => new(_server ?? throw new InvalidOperationException("The server has not started."));

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
