using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Wharf.Registries.Tests.Containers;
using Wharf.Registries.Tests.Npm;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Logging;

/// <summary>
/// Outcomes a client asked for are answers, not failures: a duplicate version (npm's 409, racing publishes, a
/// container manifest pushed again under another tag), a restore into a reused name and the REST lists leave no
/// error in the server's log, and no EF Core warning about paging without an order.
/// </summary>
public sealed class ExpectedOutcomeLogTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Duplicates_reused_names_and_lists_log_no_error_and_no_paging_warning(DatabaseKind database)
    {
        await using var server = await WharfTestServer.StartAsync(database);
        var owner = await NpmOwner.CreateAsync(server);
        var mark = server.Logs.Mark();

        // npm: the same version again, in yarn's member order (the tarball first), then eight publishers at once.
        var name = owner.Package("twice");
        Assert.Equal(HttpStatusCode.Created, await PublishAsync(server, owner, new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl)));
        var again = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0", paddingBytes: 10), owner.RepositoryUrl) { AttachmentsFirst = true };
        Assert.Equal(HttpStatusCode.Conflict, await PublishAsync(server, owner, again));

        var raced = owner.Package("raced");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PublishAsync(
            server, owner, new NpmPublishBody(raced, "1.0.0", NpmTarball.Create(raced, "1.0.0", paddingBytes: i), owner.RepositoryUrl) { AttachmentsFirst = i % 2 == 0 })));
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));

        // A restore that would collide with the package published in the deleted one's place is a 409.
        using var api = server.CreateClient(owner.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v3/users/{owner.Account.Login}/packages/npm/twice")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, await PublishAsync(server, owner, new NpmPublishBody(name, "2.0.0", NpmTarball.Create(name, "2.0.0"), owner.RepositoryUrl)));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"api/v3/users/{owner.Account.Login}/packages/npm/twice/restore", null)).StatusCode);

        // Containers: a manifest pushed again under a second tag, its blobs pushed again.
        using var registry = new RegistryClient(server, owner.Token);
        await registry.LoginAsync();
        var image = $"{owner.Account.Login}/app";
        var (_, manifest) = await registry.PushImageAsync(image, "v1");
        Assert.Equal(HttpStatusCode.Created, (await registry.PutManifestAsync(image, "v2", manifest, OciLayout.OciManifest)).StatusCode);
        var blob = RandomNumberGenerator.GetBytes(100);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => registry.PushBlobAsync(image, blob)));

        // The REST lists, first and deep pages.
        foreach (var path in new[]
        {
            "api/v3/user/packages?package_type=npm",
            "api/v3/user/packages?package_type=container&page=3&per_page=7",
            $"api/v3/users/{owner.Account.Login}/packages/npm/raced/versions",
            $"api/v3/users/{owner.Account.Login}/packages/npm/twice/versions?state=deleted",
            $"api/v3/user/packages/container/app/versions?page=2&per_page=1",
        })
        {
            using var response = await api.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var logged = server.Logs.Since(mark);
        var unwanted = logged.Where(l => l.Level >= LogLevel.Error || l.Message.Contains("OrderBy", StringComparison.Ordinal)).ToArray();
        Assert.True(unwanted.Length == 0, $"{unwanted.Length} unwanted log entries, the first of each kind:\n" +
            string.Join("\n", unwanted.GroupBy(l => (l.Level, l.EventId.Name)).Select(g => $"{g.Count()} × {g.First()}")));
    }

    private static async Task<HttpStatusCode> PublishAsync(WharfTestServer server, NpmOwner owner, NpmPublishBody body)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        using var content = new ByteArrayContent(body.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PutAsync("_registry/npm/" + body.Name.Replace("/", "%2f", StringComparison.Ordinal), content);
        return response.StatusCode;
    }
}
