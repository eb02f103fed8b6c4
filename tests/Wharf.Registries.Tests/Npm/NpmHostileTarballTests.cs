using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wharf.Testing.Archives;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// Tarballs whose headers declare gigabytes they do not carry: each publish answers npm's 400 at once, without the
/// server allocating what the header asks for, and publishes nothing.
/// </summary>
public sealed class NpmHostileTarballTests(LimitedNpmServer fixture) : IClassFixture<LimitedNpmServer>
{
    private const long NearlyTwoGigabytes = 1_900_000_000;

    public static TheoryData<string, string> Cases => new()
    {
        { "pax-header", "PAX extended header declares 1900000000 bytes" },
        { "pax-header-over-2gib", "PAX extended header declares 3221225472 bytes" },
        { "gnu-long-name", "GNU long name entry declares 1900000000 bytes" },
        { "global-header", "PAX global header declares 1900000000 bytes" },
        { "negative-size", "negative size" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_header_is_refused_with_npms_400_and_nothing_is_published(string kind, string message)
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var name = owner.Package("hostile-" + kind);
        var body = new NpmPublishBody(name, "1.0.0", Hostile(kind), owner.RepositoryUrl);

        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Token);
        using var content = new ByteArrayContent(body.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var url = "_registry/npm/" + name.Replace("/", "%2f", StringComparison.Ordinal);
        using var response = await client.PutAsync(url, content);

        var error = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {error}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = JsonNode.Parse(error)!["error"]!.GetValue<string>();
        Assert.StartsWith("The tarball cannot be read: ", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);

        using var packument = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, packument.StatusCode);
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("hostile-" + kind));
    }

    /// <summary>A gzipped tarball a few kilobytes long whose first header makes the claim.</summary>
    private static byte[] Hostile(string kind)
    {
        var tar = new TarBlocks();
        _ = kind switch
        {
            "pax-header" => tar.Header("PaxHeaders/package.json", 'x', NearlyTwoGigabytes),
            "pax-header-over-2gib" => tar.Header("PaxHeaders/package.json", 'x', 3L * 1024 * 1024 * 1024),
            "gnu-long-name" => tar.Header("././@LongLink", 'L', NearlyTwoGigabytes),
            "global-header" => tar.Header("pax_global_header", 'g', NearlyTwoGigabytes),
            "negative-size" => tar.Header("package/package.json", '0', [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return tar.Raw(new byte[4 * TarBlocks.BlockSize]).ToGzip();
    }
}
