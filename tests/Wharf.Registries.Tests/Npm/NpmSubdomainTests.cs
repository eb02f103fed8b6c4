using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// Subdomain isolation (GitHub Enterprise Server's host forms): with <c>SubdomainIsolation</c> on, <c>npm.HOST/</c> is
/// the npm registry and writes its own URLs in that form, <c>api.HOST/</c> is the REST API, and the path forms on the
/// main host keep working. The requests go to 127.0.0.1 with the host names in the Host header, as a proxy sends them.
/// </summary>
public sealed class NpmSubdomainTests
{
    private const string MainHost = "wharf.test";

    [Fact]
    public async Task Npm_and_api_subdomains_serve_the_registry_and_the_rest_api_and_npm_urls_use_the_subdomain()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SubdomainIsolation"] = "true",
            ["ExternalUrl"] = $"http://{MainHost}",
        });
        var owner = await NpmOwner.CreateAsync(server);
        var name = owner.Package("isolated");
        var tarball = NpmTarball.Create(name, "1.0.0");
        var escaped = name.Replace("/", "%2f", StringComparison.Ordinal);

        using (var body = new ByteArrayContent(new NpmPublishBody(name, "1.0.0", tarball, owner.RepositoryUrl).ToBytes()))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(server, owner.Token, HttpMethod.Put, $"npm.{MainHost}", $"/{escaped}", body)).StatusCode);
        }

        // The packument on npm.HOST points tarballs at npm.HOST, and the tarball is served there.
        var packument = await SendAsync(server, owner.Token, HttpMethod.Get, $"npm.{MainHost}", $"/{escaped}");
        Assert.Equal(HttpStatusCode.OK, packument.StatusCode);
        var tarballUrl = JsonDocument.Parse(await packument.Content.ReadAsStringAsync()).RootElement
            .GetProperty("versions").GetProperty("1.0.0").GetProperty("dist").GetProperty("tarball").GetString()!;
        Assert.Equal($"http://npm.{MainHost}/{name}/-/isolated-1.0.0.tgz", tarballUrl);
        var download = await SendAsync(server, owner.Token, HttpMethod.Get, $"npm.{MainHost}", new Uri(tarballUrl).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(tarball, await download.Content.ReadAsByteArrayAsync());

        // The path form on the main host still answers, with its own URLs: npm sends its token only to the host and
        // path it was configured with, so a tarball on npm.HOST would be fetched without it (E401).
        var viaPath = await SendAsync(server, owner.Token, HttpMethod.Get, MainHost, $"/_registry/npm/{escaped}");
        Assert.Equal(HttpStatusCode.OK, viaPath.StatusCode);
        var pathForm = await viaPath.Content.ReadAsStringAsync();
        Assert.Contains($"http://{MainHost}/_registry/npm/{name}/-/isolated-1.0.0.tgz", pathForm, StringComparison.Ordinal);
        Assert.DoesNotContain($"npm.{MainHost}", pathForm, StringComparison.Ordinal);

        // Asked on npm.HOST again after that, the subdomain's URLs (each form has its own cached packument).
        var again = await SendAsync(server, owner.Token, HttpMethod.Get, $"npm.{MainHost}", $"/{escaped}");
        Assert.Contains(tarballUrl, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // api.HOST is the REST API: the package is listed there as under /api/v3 on the main host.
        var listed = await SendAsync(server, owner.Token, HttpMethod.Get, $"api.{MainHost}", "/user/packages?package_type=npm");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var names = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["isolated"], names);
        Assert.True(listed.Headers.Contains("X-GitHub-Media-Type"), "api.HOST answers go through the REST conventions");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, owner.Token, HttpMethod.Get, MainHost, "/api/v3/user/packages?package_type=npm")).StatusCode);
    }

    [Fact]
    public async Task With_subdomain_isolation_npm_still_installs_through_the_path_form()
    {
        // A host name that resolves here (localhost) and the port fixed before the start, so that the external URL is
        // the address npm uses; npm.localhost does not resolve, so a tarball URL on the subdomain could not be fetched.
        var port = FreePort();
        var external = new Uri($"http://localhost:{port}/");
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["SubdomainIsolation"] = "true",
            ["ExternalUrl"] = external.ToString(),
        });
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(external, owner.Token, owner.Scope);
        var name = owner.Package("pathform");
        await NpmInstallFlowTests.PublishAsync(npm, owner, name, "1.0.0");

        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", name);

        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, name));
        var lockfile = JsonNode.Parse(File.ReadAllText(Path.Combine(project, "package-lock.json")))!;
        var resolved = lockfile["packages"]![$"node_modules/{name}"]!["resolved"]!.GetValue<string>();
        Assert.Equal($"{external}_registry/npm/{name}/-/pathform-1.0.0.tgz", resolved);
    }

    [Fact]
    public async Task Without_subdomain_isolation_the_npm_subdomain_is_not_the_registry()
    {
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?> { ["ExternalUrl"] = $"http://{MainHost}" });
        var owner = await NpmOwner.CreateAsync(server);

        var response = await SendAsync(server, owner.Token, HttpMethod.Get, $"npm.{MainHost}", "/-/whoami");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, owner.Token, HttpMethod.Get, MainHost, "/_registry/npm/-/whoami")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpResponseMessage> SendAsync(WharfTestServer server, string token, HttpMethod method, string host, string pathAndQuery, HttpContent? content = null)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/')) { Content = content };
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd("wharf-tests/1.0");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
