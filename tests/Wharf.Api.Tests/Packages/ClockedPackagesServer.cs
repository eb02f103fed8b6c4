using Microsoft.Extensions.Time.Testing;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// A server on SQLite whose clock the tests move (<see cref="FakeTimeProvider"/>), for the 30-day restore window.
/// Tests of one class run one after another, and each measures time from its own deletions, so they can share it.
/// </summary>
public sealed class ClockedPackagesServer : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public WharfTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await WharfTestServer.StartAsync(clock: Clock);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
