using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// The official OCI Distribution Specification conformance suite (v1.1.1, all four workflows: pull, push, content
/// discovery, content management), run as a program against the real server. It lives in <c>../shared/conformance/</c>
/// beside the project and is run from there, never copied in.
/// </summary>
public sealed class OciConformanceSuiteTests
{
    /// <summary>
    /// What the legacy Docker registry fails by design: it takes pushes by tag only (behaviour §5.6), so the manifests
    /// the suite pushes by digest (the second pull manifest, the referrers' subjects and artifacts) never exist there.
    /// </summary>
    private static readonly string[] DockerRegistryFailuresByDesign =
    [
        "Pull Setup Populate registry with test manifest",
        "Pull Pull manifests HEAD request to manifest[1] path (digest) should yield 200 response",
        "Pull Pull manifests GET request to manifest[1] path (digest) should yield 200 response",
        "Pull Teardown Delete manifest[1] created in setup",
        "Content Discovery Setup References setup",
        "Content Discovery Test content discovery endpoints (listing references) GET request to existing blob should yield 200",
        "Content Discovery Test content discovery endpoints (listing references) GET request to existing blob with filter should yield 200",
        "Content Discovery Test content discovery endpoints (listing references) GET request to missing manifest should yield 200",
    ];

    [Fact]
    public async Task The_container_registry_passes_every_spec_of_the_official_suite()
    {
        var suite = RequireSuite();
        await using var server = await WharfTestServer.StartAsync();
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages);

        var report = await RunAsync(suite, server.BaseAddress, $"{owner.Login}/conformance", $"{owner.Login}/conformance-mount", owner.Login, token);

        Assert.True(report.Failed.Count == 0, "Failed specs:\n" + string.Join('\n', report.Failed) + "\n\n" + report.Output);
        Assert.True(report.Passed >= 70, $"Only {report.Passed} specs passed:\n{report.Output}");
    }

    [Fact]
    public async Task The_docker_registry_passes_the_official_suite_but_for_pushes_by_digest()
    {
        var suite = RequireSuite();
        var dockerPort = FreePort();
        await using var server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:0;http://127.0.0.1:{dockerPort}",
            ["Containers:DockerPort"] = dockerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var owner = await server.Seed.UserAsync();
        await server.Seed.RepositoryAsync(owner, Visibility.Private, "repo");
        var token = await server.Seed.TokenAsync(owner, Scope.ReadPackages, Scope.WritePackages, Scope.DeletePackages, Scope.Repo);

        var report = await RunAsync(suite, new Uri($"http://127.0.0.1:{dockerPort}/"), $"{owner.Login}/repo/conformance", $"{owner.Login}/repo/mount", owner.Login, token);

        Assert.Equal(DockerRegistryFailuresByDesign.Order(StringComparer.Ordinal), report.Failed.Order(StringComparer.Ordinal));
        Assert.True(report.Passed >= 60, $"Only {report.Passed} specs passed:\n{report.Output}");
    }

    private sealed record SuiteReport(int Passed, IReadOnlyList<string> Failed, string Output);

    private static async Task<SuiteReport> RunAsync(string suite, Uri root, string name, string mountName, string user, string token)
    {
        using var folder = new TemporaryFolder();
        var program = Path.Combine(folder.Path, "conformance.test");
        File.Copy(suite, program);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The OCI conformance suite runs on Linux.");
        }

        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo(program) { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-test.v", "-ginkgo.no-color", "-ginkgo.junit-report=junit.xml" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OCI_ROOT_URL"] = root.GetLeftPart(UriPartial.Authority);
        start.Environment["OCI_NAMESPACE"] = name;
        start.Environment["OCI_CROSSMOUNT_NAMESPACE"] = mountName;
        start.Environment["OCI_USERNAME"] = user;
        start.Environment["OCI_PASSWORD"] = token;
        start.Environment["OCI_REPORT_DIR"] = folder.Path;
        foreach (var workflow in new[] { "PULL", "PUSH", "CONTENT_DISCOVERY", "CONTENT_MANAGEMENT" })
        {
            start.Environment[$"OCI_TEST_{workflow}"] = "1";
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        var junit = Path.Combine(folder.Path, "junit.xml");
        Assert.True(File.Exists(junit), "The suite wrote no report:\n" + output);
        var cases = XDocument.Load(junit).Descendants("testcase").ToArray();
        var failed = cases.Where(c => c.Element("failure") is not null || c.Element("error") is not null).Select(SpecName).ToArray();
        var passed = cases.Count(c => c.Element("failure") is null && c.Element("error") is null && c.Element("skipped") is null);
        return new SuiteReport(passed, failed, output);
    }

    /// <summary>A spec's name without the suite's title and ginkgo's "[It]" markers.</summary>
    private static string SpecName(XElement testCase)
    {
        var name = (string?)testCase.Attribute("name") ?? "";
        name = name.Replace("[It] ", "", StringComparison.Ordinal).Trim();
        const string Title = "OCI Distribution Conformance Tests ";
        return name.StartsWith(Title, StringComparison.Ordinal) ? name[Title.Length..] : name;
    }

    private static string RequireSuite()
    {
        // The suite is a linux/amd64 program.
        var suite = OperatingSystem.IsLinux() ? FindSuite() : null;
        TestEnvironment.Require(suite is not null, "the OCI conformance suite (../shared/conformance/oci/conformance.test beside the project)");
        return suite!;
    }

    private static string? FindSuite()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Wharf.slnx")))
            {
                var suite = Path.Combine(folder.FullName, "..", "shared", "conformance", "oci", "conformance.test");
                return File.Exists(suite) ? Path.GetFullPath(suite) : null;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
