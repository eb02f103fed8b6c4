using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Packages;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>The registry API at the HTTP level: packument forms, ETags and 304s, tarball downloads with ranges and counts.</summary>
public sealed class NpmProtocolTests(SqliteNpmServer fixture) : IClassFixture<SqliteNpmServer>
{
    [Fact]
    public async Task Packuments_come_full_or_abbreviated_with_etags_that_change_with_the_package()
    {
        var (server, owner, name) = await PublishedAsync("forms");
        using var client = Client(server, owner);
        var url = Url(name);

        using var full = await client.GetAsync(url);
        Assert.Equal("application/json", full.Content.Headers.ContentType!.MediaType);
        var fullJson = JsonNode.Parse(await full.Content.ReadAsStringAsync())!;
        Assert.Equal("# " + name, fullJson["readme"]!.GetValue<string>());
        Assert.Equal("made by a test", fullJson["description"]!.GetValue<string>());
        Assert.NotNull(fullJson["time"]!["1.0.0"]);
        Assert.Null(fullJson["versions"]!["1.0.0"]!["readme"]);
        Assert.Equal($"{server.BaseAddress}_registry/npm/{name}/-/forms-1.0.0.tgz", fullJson["versions"]!["1.0.0"]!["dist"]!["tarball"]!.GetValue<string>());

        using var abbreviatedRequest = new HttpRequestMessage(HttpMethod.Get, url);
        abbreviatedRequest.Headers.Accept.ParseAdd("application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        using var abbreviated = await client.SendAsync(abbreviatedRequest);
        Assert.Equal("application/vnd.npm.install-v1+json", abbreviated.Content.Headers.ContentType!.MediaType);
        var corgi = JsonNode.Parse(await abbreviated.Content.ReadAsStringAsync())!;
        Assert.Null(corgi["readme"]);
        Assert.Null(corgi["versions"]!["1.0.0"]!["description"]);
        Assert.NotNull(corgi["versions"]!["1.0.0"]!["dist"]!["integrity"]);
        Assert.NotEqual(full.Headers.ETag, abbreviated.Headers.ETag);

        // The client's copy is current: 304, with the same ETag.
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(full.Headers.ETag!);
        using var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(full.Headers.ETag, notModified.Headers.ETag);

        // A change anywhere (here a dist-tag) gives a new ETag, and the old one no longer matches.
        using var tag = new StringContent("\"1.0.0\"", null, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"_registry/npm/-/package/{Escaped(name)}/dist-tags/stable", tag)).StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(full.Headers.ETag!);
        using var changed = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(full.Headers.ETag, changed.Headers.ETag);
        Assert.Equal("1.0.0", JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["dist-tags"]!["stable"]!.GetValue<string>());

        using var version = await client.GetAsync(url + "/latest");
        Assert.Equal("1.0.0", JsonNode.Parse(await version.Content.ReadAsStringAsync())!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tarballs_download_with_ranges_and_are_counted()
    {
        var (server, owner, name) = await PublishedAsync("bytes");
        using var client = Client(server, owner);

        using var whole = await client.GetAsync($"_registry/npm/{name}/-/bytes-1.0.0.tgz");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var downloaded = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(NpmTarball.Integrity(downloaded), JsonNode.Parse(await client.GetStringAsync(Url(name)))!["versions"]!["1.0.0"]!["dist"]!["integrity"]!.GetValue<string>());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"_registry/npm/{Escaped(name)}/-/bytes-1.0.0.tgz");
        range.Headers.Range = new RangeHeaderValue(0, 9);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(downloaded[..10], await partial.Content.ReadAsByteArrayAsync());

        using var rest = new NpmRestApi(server, owner);
        var versionId = await rest.VersionIdAsync("bytes", "1.0.0");
        Assert.Equal(2, server.Services.GetRequiredService<DownloadCounter>().Pending(versionId));

        using var missing = await client.GetAsync($"_registry/npm/{name}/-/bytes-9.9.9.tgz");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("""{"error":"Not found"}""", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_tokens_get_401_with_the_challenge_and_whoami_names_the_user()
    {
        var (server, owner, name) = await PublishedAsync("who");
        using var bad = new HttpClient { BaseAddress = server.BaseAddress };
        bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ghp_" + new string('x', 36));
        using var refused = await bad.GetAsync(Url(name));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic realm=\"GitHub Package Registry\"", refused.Headers.WwwAuthenticate.ToString());
        Assert.Contains("User cannot be authenticated with the token provided", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var client = Client(server, owner);
        Assert.Equal($$"""{"username":"{{owner.Account.Login}}"}""", await client.GetStringAsync("_registry/npm/-/whoami"));
        using var nowhere = await client.GetAsync("_registry/npm/-/no/such/route");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
    }

    private async Task<(WharfTestServer Server, NpmOwner Owner, string Name)> PublishedAsync(string package)
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var name = owner.Package(package);
        var body = new NpmPublishBody(name, "1.0.0", NpmTarball.Create(name, "1.0.0"), owner.RepositoryUrl);
        using var client = Client(server, owner);
        using var content = new ByteArrayContent(body.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PutAsync(Url(name), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (server, owner, name);
    }

    private static HttpClient Client(WharfTestServer server, NpmOwner owner)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        return client;
    }

    private static string Escaped(string name) => name.Replace("/", "%2f", StringComparison.Ordinal);

    private static string Url(string name) => "_registry/npm/" + Escaped(name);
}
