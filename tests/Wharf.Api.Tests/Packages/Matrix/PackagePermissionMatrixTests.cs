using System.Net;
using System.Text;
using System.Text.Json;
using Wharf.Core.Repositories;
using Xunit;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>
/// Every caller × every operation, for npm (repository-scoped) and container (granted and inheriting), public and
/// private: the server's answer must be the one <see cref="PackagePermissionRules"/> derives from GitHub's rules.
/// All differing cells are reported together; the whole table goes to the test output.
/// </summary>
public abstract class PackagePermissionMatrixTests(PackagesServerFixture fixture)
{
    // Behaviour §3: GitHub's SAML answer, byte for byte.
    private const string SsoMessage =
        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";

    public static TheoryData<MatrixSubject, Visibility> Scenarios { get; } = new()
    {
        { MatrixSubject.Npm, Visibility.Public },
        { MatrixSubject.Npm, Visibility.Private },
        { MatrixSubject.GrantedContainer, Visibility.Public },
        { MatrixSubject.GrantedContainer, Visibility.Private },
        { MatrixSubject.InheritingContainer, Visibility.Public },
        { MatrixSubject.InheritingContainer, Visibility.Private },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_caller_gets_what_githubs_rules_give_it(MatrixSubject subject, Visibility visibility)
    {
        var server = fixture.Start();
        var world = await MatrixWorld.CreateAsync(server, subject, visibility);
        using var api = new PackagesApi(server);

        var table = new StringBuilder();
        var failures = new List<string>();
        var observed = new Dictionary<(MatrixCaller, MatrixOperation), MatrixOutcome>();
        foreach (var caller in world.Callers)
        {
            foreach (var operation in Enum.GetValues<MatrixOperation>())
            {
                var expected = PackagePermissionRules.Expect(caller, subject, visibility, operation);
                var actual = observed[(caller, operation)] = await ObserveAsync(api, world, caller, operation);
                var line = $"{caller.Name,-30} {operation,-15} expected {expected,-15} got {actual}";
                table.AppendLine(line);
                if (!expected.Matches(actual))
                {
                    failures.Add(line);
                }
            }
        }

        var cells = observed.Count;
        failures.AddRange(await StateDifferencesAsync(api, world, observed));

        TestContext.Current.TestOutputHelper?.WriteLine($"{subject}, {visibility}, {fixture.Database}:\n{table}");
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} differences from GitHub's rules in {cells} cells ({subject}, {visibility}, {fixture.Database}):\n" +
            string.Join("\n", failures));
    }

    private static async Task<MatrixOutcome> ObserveAsync(PackagesApi api, MatrixWorld world, MatrixCaller caller, MatrixOperation operation)
    {
        var (ns, type, name, token) = (world.Namespace, world.TypeName, MatrixWorld.PackageName, world.TokenOf(caller));
        using var response = operation switch
        {
            MatrixOperation.GetPackage => await api.GetAsync(ns.Package(type, name), token),
            MatrixOperation.ListPackages => await api.GetAsync(ns.Packages(type, "per_page=100"), token),
            MatrixOperation.ListVersions => await api.GetAsync(ns.Versions(type, name), token),
            MatrixOperation.GetVersion => await api.GetAsync(ns.Version(type, name, world.KeptVersion), token),
            MatrixOperation.DeleteVersion => await api.DeleteAsync(ns.Version(type, name, world.VersionToDelete(caller)), token),
            MatrixOperation.RestoreVersion => await api.PostAsync(ns.RestoreVersion(type, name, world.VersionToRestore(caller)), token),
            MatrixOperation.DeletePackage => await api.DeleteAsync(ns.Package(type, MatrixWorld.PackageToDelete(caller)), token),
            MatrixOperation.RestorePackage => await api.PostAsync(ns.RestorePackage(type, MatrixWorld.PackageToRestore(caller)), token),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        var body = await response.Content.ReadAsStringAsync();
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK when operation == MatrixOperation.ListPackages:
                var names = PackagesApi.Parse(body).EnumerateArray().Select(p => p.GetProperty("name").GetString());
                return new(MatrixVerdict.Ok, Listed: names.Contains(name));
            case HttpStatusCode.OK:
                return new(MatrixVerdict.Ok);
            case HttpStatusCode.NoContent:
                return new(MatrixVerdict.NoContent);
        }

        var message = MessageOf(body);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new(MatrixVerdict.Unauthenticated, Detail: message),
            HttpStatusCode.Forbidden when message == SsoMessage && response.Headers.TryGetValues("X-GitHub-SSO", out var sso) &&
                sso.Single().StartsWith("required; url=", StringComparison.Ordinal) => new(MatrixVerdict.SsoRequired),
            HttpStatusCode.Forbidden when message.StartsWith("You need at least ", StringComparison.Ordinal) =>
                new(MatrixVerdict.MissingScope, Detail: message),
            HttpStatusCode.Forbidden when message != SsoMessage => new(MatrixVerdict.MissingRole, Detail: message),
            HttpStatusCode.NotFound when message == "Package not found." => new(MatrixVerdict.NotFound),
            _ => new(MatrixVerdict.Other, Detail: $"{(int)response.StatusCode} {message}"),
        };
    }

    /// <summary>
    /// Reads back, as the organization owner, what the destructive cells left: a 204 must have done its work and any
    /// refusal must have changed nothing.
    /// </summary>
    private static async Task<IEnumerable<string>> StateDifferencesAsync(
        PackagesApi api, MatrixWorld world, Dictionary<(MatrixCaller, MatrixOperation), MatrixOutcome> observed)
    {
        var (ns, type, name) = (world.Namespace, world.TypeName, MatrixWorld.PackageName);
        using var versions = await api.GetAsync(ns.Versions(type, name, "per_page=100"), world.AdminToken);
        var active = PackagesApi.Parse(await versions.Content.ReadAsStringAsync()).EnumerateArray()
            .Select(v => v.GetProperty("id").GetInt64()).ToHashSet();
        var differences = new List<string>();
        foreach (var caller in world.Callers)
        {
            bool Done(MatrixOperation operation) => observed[(caller, operation)].Verdict == MatrixVerdict.NoContent;
            void Check(MatrixOperation operation, string target, bool present, bool presentWhenDone)
            {
                if (present != (Done(operation) == presentWhenDone))
                {
                    differences.Add($"{caller.Name,-30} {operation,-15} answered {observed[(caller, operation)]}, but the {target} is {(present ? "there" : "gone")}");
                }
            }

            Check(MatrixOperation.DeleteVersion, "version to delete", active.Contains(world.VersionToDelete(caller)), presentWhenDone: false);
            Check(MatrixOperation.RestoreVersion, "version to restore", active.Contains(world.VersionToRestore(caller)), presentWhenDone: true);
            Check(MatrixOperation.DeletePackage, "package to delete", await ExistsAsync(MatrixWorld.PackageToDelete(caller)), presentWhenDone: false);
            Check(MatrixOperation.RestorePackage, "package to restore", await ExistsAsync(MatrixWorld.PackageToRestore(caller)), presentWhenDone: true);
        }

        return differences;

        async Task<bool> ExistsAsync(string package)
        {
            using var response = await api.GetAsync(ns.Package(type, package), world.AdminToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
    }

    private static string MessageOf(string body)
    {
        try
        {
            return PackagesApi.Parse(body).GetProperty("message").GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"not GitHub's error body: {body}";
        }
    }
}
