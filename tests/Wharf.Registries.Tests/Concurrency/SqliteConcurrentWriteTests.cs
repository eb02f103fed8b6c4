using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wharf.Registries.Tests.Containers;
using Wharf.Registries.Tests.Npm;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Concurrency;

/// <summary>
/// 64 clients writing at once to a server on SQLite, half pushing images and half publishing npm versions (a shared
/// package and packages of their own): each write is answered as it would be alone, none with a 500.
/// </summary>
public sealed class SqliteConcurrentWriteTests : IAsyncLifetime
{
    private const int Clients = 64;

    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync(DatabaseKind.Sqlite);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Concurrent_pushes_and_publishes_all_succeed()
    {
        var owner = await NpmOwner.CreateAsync(_server);
        var shared = owner.Package("shared");

        var writes = Enumerable.Range(0, Clients).Select(i => Task.Run(() => (i % 4) switch
        {
            0 => PublishAsync(owner, shared, $"1.0.{i}"),
            1 => PublishAsync(owner, owner.Package($"own-{i}"), "1.0.0"),
            _ => PushAsync(owner, $"{owner.Account.Login}/app-{i}"),
        }));
        var statuses = await Task.WhenAll(writes);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        using var client = Client(owner);
        using var packument = JsonDocument.Parse(await client.GetStringAsync("_registry/npm/" + Escaped(shared)));
        Assert.Equal(Clients / 4, packument.RootElement.GetProperty("versions").EnumerateObject().Count());
    }

    private async Task<HttpStatusCode> PublishAsync(NpmOwner owner, string name, string version)
    {
        var body = new NpmPublishBody(name, version, NpmTarball.Create(name, version), owner.RepositoryUrl);
        using var client = Client(owner);
        using var content = new ByteArrayContent(body.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PutAsync("_registry/npm/" + Escaped(name), content);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> PushAsync(NpmOwner owner, string image)
    {
        using var registry = new RegistryClient(_server, owner.Token);
        Assert.Equal(HttpStatusCode.OK, (await registry.LoginAsync()).StatusCode);
        await registry.PushImageAsync(image, "latest");
        return HttpStatusCode.Created;
    }

    private HttpClient Client(NpmOwner owner)
    {
        var client = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        return client;
    }

    private static string Escaped(string name) => name.Replace("/", "%2f", StringComparison.Ordinal);
}
