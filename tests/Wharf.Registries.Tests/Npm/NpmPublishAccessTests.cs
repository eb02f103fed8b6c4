using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Blobs;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// Who may publish what, as a matrix: the owner with tokens short of a scope, a stranger, a reader and a writer of the
/// repository publish a new and an existing package, naming the repository, none, or one that is not theirs to name,
/// in npm's member order (manifest first) and in yarn's (tarball first). Every refusal answers what the access policy
/// decided (403 with the scope or role lacking, 404 for what the caller may not see, 400 only to ask a caller who could
/// publish for a repository), and leaves no version, no blob and no temporary file behind. Runs on SQLite and on
/// PostgreSQL.
/// </summary>
public abstract class NpmPublishAccessTests(NpmServer fixture)
{
    private const string ScopeMessageNew = "You need at least write:packages and repo scopes to publish a package.";
    private const string ScopeMessageExisting = "You need at least write:packages and repo scopes to publish to this package.";
    private const string NoWritableRepository = "You need write access to a repository of the package's owner to publish a package.";
    private const string NotFound = "Not found";

    [Fact]
    public async Task Refused_publishes_answer_what_the_policy_decides_in_either_member_order_and_store_nothing()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var login = owner.Account.Login;
        var hidden = await server.Seed.RepositoryAsync(owner.Account);
        var stranger = await server.Seed.UserAsync();
        var strangers = await server.Seed.RepositoryAsync(stranger);
        var reader = await server.Seed.UserAsync();
        await server.Seed.CollaboratorAsync(owner.Repository, reader, RepositoryPermission.Read);
        var writer = await server.Seed.UserAsync();
        await server.Seed.CollaboratorAsync(owner.Repository, writer, RepositoryPermission.Write);
        await PublishAsync(server, owner.Token, owner.Package("held"), "1.0.0", owner.RepositoryUrl, attachmentsFirst: false, HttpStatusCode.Created);

        var tokens = new Dictionary<string, string>
        {
            ["owner"] = owner.Token,
            ["owner without write:packages"] = await server.Seed.TokenAsync(owner.Account, Scope.ReadPackages, Scope.Repo),
            ["owner without repo"] = await server.Seed.TokenAsync(owner.Account, Scope.ReadPackages, Scope.WritePackages),
            ["owner with read:packages only"] = await server.Seed.TokenAsync(owner.Account, Scope.ReadPackages),
            ["stranger"] = await server.Seed.TokenAsync(stranger, NpmOwner.AllScopes),
            ["reader"] = await server.Seed.TokenAsync(reader, NpmOwner.AllScopes),
            ["writer"] = await server.Seed.TokenAsync(writer, NpmOwner.AllScopes),
        };
        var repositories = new Dictionary<string, string?>
        {
            ["the repository"] = owner.RepositoryUrl,
            ["none"] = null,
            ["a repository the caller cannot see"] = $"https://github.com/{login}/{hidden.Name}",
            ["the caller's own repository"] = $"https://github.com/{stranger.Login}/{strangers.Name}",
            ["another owner's"] = "https://github.com/someone-else/repo",
            ["a repository that does not exist"] = $"https://github.com/{login}/no-such-repository",
        };

        // Caller, package, repository field → status and message, the same in both member orders unless a yarn column
        // says otherwise: with the tarball first, a new package is refused before the repository field is read.
        (string Caller, bool Existing, string Repository, HttpStatusCode Status, string Message, HttpStatusCode? YarnStatus, string? YarnMessage)[] cells =
        [
            ("owner without write:packages", false, "the repository", HttpStatusCode.Forbidden, ScopeMessageNew, null, null),
            ("owner without write:packages", true, "the repository", HttpStatusCode.Forbidden, ScopeMessageExisting, null, null),
            ("owner without write:packages", false, "none", HttpStatusCode.Forbidden, ScopeMessageNew, null, null),
            ("owner without repo", false, "the repository", HttpStatusCode.Forbidden, ScopeMessageNew, null, null),
            ("owner without repo", true, "the repository", HttpStatusCode.NotFound, NotFound, null, null),
            ("owner with read:packages only", false, "none", HttpStatusCode.Forbidden, ScopeMessageNew, null, null),
            ("owner with read:packages only", true, "the repository", HttpStatusCode.NotFound, NotFound, null, null),
            ("stranger", true, "the repository", HttpStatusCode.NotFound, NotFound, null, null),
            ("stranger", true, "none", HttpStatusCode.NotFound, NotFound, null, null),
            ("stranger", false, "the repository", HttpStatusCode.NotFound, NotFound, null, null),
            ("stranger", false, "none", HttpStatusCode.NotFound, NotFound, null, null),
            ("stranger", false, "the caller's own repository", HttpStatusCode.NotFound, NotFound, null, null),
            ("reader", true, "the repository", HttpStatusCode.Forbidden, "You need write access to the repository to publish to this package.", null, null),
            ("reader", false, "the repository", HttpStatusCode.Forbidden, "You need write access to the repository to publish a package.",
                HttpStatusCode.Forbidden, NoWritableRepository),
            ("reader", false, "none", HttpStatusCode.Forbidden, NoWritableRepository, null, null),
            ("writer", false, "a repository the caller cannot see", HttpStatusCode.BadRequest,
                $"names {login}/{hidden.Name}, which is not a repository of {login} that you can write to", null, null),
            ("writer", false, "none", HttpStatusCode.BadRequest, $"must be linked to a repository of {login}", null, null),
            ("owner", false, "none", HttpStatusCode.BadRequest, $"must be linked to a repository of {login}", null, null),
            ("owner", false, "another owner's", HttpStatusCode.BadRequest, $"names someone-else/repo, which is not a repository of {login}", null, null),
            ("owner", false, "a repository that does not exist", HttpStatusCode.BadRequest, $"names {login}/no-such-repository, which is not a repository", null, null),
        ];

        var failures = new List<string>();
        using var rest = new NpmRestApi(server, owner);
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i];
            foreach (var yarn in new[] { false, true })
            {
                var package = cell.Existing ? "held" : $"fresh-{i}-{(yarn ? "yarn" : "npm")}";
                var version = cell.Existing ? $"2.0.{i}" : "1.0.0";
                var blobs = BlobCount(server);
                var (status, body) = await PublishAsync(
                    server, tokens[cell.Caller], owner.Package(package), version, repositories[cell.Repository], yarn, expected: null);
                var (wantStatus, wantMessage) = yarn && cell.YarnStatus is { } yarnStatus ? (yarnStatus, cell.YarnMessage!) : (cell.Status, cell.Message);
                var error = TryError(body);
                var where = $"{cell.Caller} publishing {(cell.Existing ? "an existing" : "a new")} package naming {cell.Repository} ({(yarn ? "yarn" : "npm")} order)";
                if (status != wantStatus || error is null || !error.Contains(wantMessage, StringComparison.Ordinal))
                {
                    failures.Add($"{where}: expected {(int)wantStatus} \"{wantMessage}\", got {(int)status} {body}");
                }

                if (BlobCount(server) != blobs || TempFiles(server) != 0)
                {
                    failures.Add($"{where}: left {BlobCount(server) - blobs} blob(s) and {TempFiles(server)} temporary file(s)");
                }

                var published = cell.Existing
                    ? (await rest.VersionsAsync("held")).Count != 1
                    : await rest.PackageStatusAsync(package) != HttpStatusCode.NotFound;
                if (published)
                {
                    failures.Add($"{where}: a version was published");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} cell(s) wrong:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Npm_shows_the_policys_answer_to_callers_who_may_not_publish()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        var package = owner.Package("guarded");
        await NpmInstallFlowTests.PublishAsync(npm, owner, package, "1.0.0");

        // A stranger cannot see the package, nor the repository it names: neither exists for them, whatever they name.
        var stranger = await server.Seed.UserAsync();
        npm.Configure(await server.Seed.TokenAsync(stranger, NpmOwner.AllScopes), owner.Scope);
        var existing = await npm.FailAsync(npm.CreatePackage(package, "1.1.0", owner.RepositoryUrl), "publish");
        existing.AssertPrinted("404 Not Found");
        var fresh = await npm.FailAsync(npm.CreatePackage(owner.Package("squat"), "1.0.0", owner.RepositoryUrl), "publish");
        fresh.AssertPrinted("404 Not Found");
        var unlinked = await npm.FailAsync(npm.CreatePackage(owner.Package("squat"), "1.0.1", repository: null), "publish");
        unlinked.AssertPrinted("404 Not Found");

        // The owner's token without the repo scope: a new package is told the scopes; the existing one, in a private
        // repository, does not exist for such a token (as `npm view` says too).
        npm.Configure(await server.Seed.TokenAsync(owner.Account, Scope.ReadPackages, Scope.WritePackages), owner.Scope);
        var scoped = await npm.FailAsync(npm.CreatePackage(owner.Package("other"), "1.0.0", owner.RepositoryUrl), "publish");
        scoped.AssertPrinted("403 Forbidden");
        scoped.AssertPrinted(ScopeMessageNew);
        var invisible = await npm.FailAsync(npm.CreatePackage(package, "1.2.0", owner.RepositoryUrl), "publish");
        invisible.AssertPrinted("404 Not Found");
        (await npm.FailAsync(npm.Root, "view", package)).AssertPrinted("404 Not Found");

        using var rest = new NpmRestApi(server, owner);
        Assert.Single(await rest.VersionsAsync("guarded"));
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("squat"));
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("other"));
    }

    [Fact]
    public async Task A_tarball_sent_first_by_a_caller_who_may_not_publish_is_never_written()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var stranger = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(stranger, NpmOwner.AllScopes);
        var name = owner.Package("yarned");

        // Watch the store's temporary folder: the first byte of a blob write creates a file there.
        var written = new List<string>();
        using var watcher = new FileSystemWatcher(Path.Combine(server.DataDirectory, "tmp")) { IncludeSubdirectories = true };
        watcher.Created += (_, e) =>
        {
            lock (written)
            {
                written.Add(e.Name ?? "?");
            }
        };
        watcher.EnableRaisingEvents = true;

        var blobs = BlobCount(server);
        var tarball = NpmTarball.Create(name, "1.0.0", paddingBytes: 2 * 1024 * 1024);
        var body = new NpmPublishBody(name, "1.0.0", tarball, owner.RepositoryUrl) { AttachmentsFirst = true };
        var (status, error) = await PutAsync(server, token, name, body.ToBytes());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("""{"error":"Not found"}""", error);
        await Task.Delay(200);
        lock (written)
        {
            Assert.True(written.Count == 0, "the refused tarball was written to " + string.Join(", ", written));
        }

        Assert.Equal(blobs, BlobCount(server));
        using var rest = new NpmRestApi(server, owner);
        Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync("yarned"));
    }

    [Fact]
    public async Task Publishes_refused_after_the_tarball_was_stored_leave_no_blob_and_shared_bytes_stay()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var hidden = await server.Seed.RepositoryAsync(owner.Account);
        var writer = await server.Seed.UserAsync();
        await server.Seed.CollaboratorAsync(owner.Repository, writer, RepositoryPermission.Write);
        var writerToken = await server.Seed.TokenAsync(writer, NpmOwner.AllScopes);
        using var rest = new NpmRestApi(server, owner);
        var blobs = BlobCount(server);

        // A writer of the owner may store a tarball sent first, but the manifest behind it names a repository they
        // cannot write to: refused, and the bytes go at once.
        var linked = owner.Package("linked");
        var yarn = new NpmPublishBody(linked, "1.0.0", NpmTarball.Create(linked, "1.0.0"), $"https://github.com/{owner.Account.Login}/{hidden.Name}")
        {
            AttachmentsFirst = true,
        };
        var (status, error) = await PutAsync(server, writerToken, linked, yarn.ToBytes());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("which is not a repository of", error, StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));

        // The tarball's own package.json names another package: found only once the bytes are in, and they go.
        var impostor = owner.Package("impostor");
        var packed = new NpmPublishBody(impostor, "1.0.0", NpmTarball.Create(owner.Package("someone"), "1.0.0"), owner.RepositoryUrl);
        (status, error) = await PutAsync(server, owner.Token, impostor, packed.ToBytes());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The tarball's package.json is", error, StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));

        // Junk after a document whose tarball kept its promises.
        var trailing = owner.Package("trailing");
        var valid = new NpmPublishBody(trailing, "1.0.0", NpmTarball.Create(trailing, "1.0.0"), owner.RepositoryUrl).ToBytes();
        (status, error) = await PutAsync(server, owner.Token, trailing, [.. valid, .. "{}"u8.ToArray()]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("content after its end", error, StringComparison.Ordinal);
        Assert.Equal(blobs, BlobCount(server));
        Assert.Equal(0, TempFiles(server));

        // Bytes a live version holds are never taken by a refusal that sent the same bytes: neither by a republish of
        // the version (tarball first, so refused only after storing) nor by another package sending that tarball.
        var shared = owner.Package("shared");
        var tarball = NpmTarball.Create(shared, "1.0.0");
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(server, owner.Token, shared, new NpmPublishBody(shared, "1.0.0", tarball, owner.RepositoryUrl).ToBytes())).Status);
        var again = new NpmPublishBody(shared, "1.0.0", tarball, owner.RepositoryUrl) { AttachmentsFirst = true };
        Assert.Equal(HttpStatusCode.Conflict, (await PutAsync(server, owner.Token, shared, again.ToBytes())).Status);
        var copy = owner.Package("copy");
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(server, owner.Token, copy, new NpmPublishBody(copy, "1.0.0", tarball, owner.RepositoryUrl).ToBytes())).Status);
        Assert.Equal(blobs + 1, BlobCount(server));

        using var npm = NpmCli.Create(server, owner.Token, owner.Scope);
        var project = npm.CreateProject();
        await npm.SucceedAsync(project, "install", shared);
        Assert.Equal("1.0.0", NpmCli.InstalledVersion(project, shared));
        foreach (var refused in new[] { "linked", "impostor", "trailing", "copy" })
        {
            Assert.Equal(HttpStatusCode.NotFound, await rest.PackageStatusAsync(refused));
        }
    }

    [Fact]
    public async Task Only_unreferenced_bytes_that_the_refused_write_created_are_deleted()
    {
        var server = fixture.Start();
        var owner = await NpmOwner.CreateAsync(server);
        var name = owner.Package("kept");
        var tarball = NpmTarball.Create(name, "1.0.0");
        var body = new NpmPublishBody(name, "1.0.0", tarball, owner.RepositoryUrl).ToBytes();
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(server, owner.Token, name, body)).Status);

        await using var scope = server.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        var reclaimer = scope.ServiceProvider.GetRequiredService<BlobReclaimer>();

        // Even as if a refused write had created them, bytes a live version holds stay.
        var live = await blobs.WriteAsync(new MemoryStream(tarball), new BlobWriteOptions(), default);
        Assert.False(live.Created);
        Assert.False(await reclaimer.ReclaimAsync(live with { Created = true }, default));
        Assert.True(await blobs.ExistsAsync(live.Digest, default));

        // Bytes nobody references go, but only when this write put them there.
        var orphan = await blobs.WriteAsync(new MemoryStream("refused bytes"u8.ToArray()), new BlobWriteOptions(), default);
        Assert.True(orphan.Created);
        Assert.False(await reclaimer.ReclaimAsync(orphan with { Created = false }, default));
        Assert.True(await reclaimer.ReclaimAsync(orphan, default));
        Assert.False(await blobs.ExistsAsync(orphan.Digest, default));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PublishAsync(
        WharfTestServer server, string token, string name, string version, string? repository, bool attachmentsFirst, HttpStatusCode? expected)
    {
        var body = new NpmPublishBody(name, version, NpmTarball.Create(name, version), repository) { AttachmentsFirst = attachmentsFirst };
        var result = await PutAsync(server, token, name, body.ToBytes());
        if (expected is { } status)
        {
            Assert.True(result.Status == status, $"publish of {name}@{version}: {(int)result.Status} {result.Body}");
        }

        return result;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAsync(WharfTestServer server, string token, string name, byte[] body)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PutAsync("_registry/npm/" + name.Replace("/", "%2f", StringComparison.Ordinal), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? TryError(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static int BlobCount(WharfTestServer server)
    {
        var root = Path.Combine(server.DataDirectory, "blobs");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }

    private static int TempFiles(WharfTestServer server) => Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")).Count();
}
