using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Publishing;

/// <summary>The publish core the registries will call, on both databases: all or nothing, and the database decides races.</summary>
public abstract class PublishServiceTests(DatabaseKind database) : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync(database);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task First_container_publish_makes_a_private_package_with_the_publisher_as_admin()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var org = await seed.OrganizationAsync(owner);
        var member = await seed.UserAsync();
        await seed.AddMemberAsync(org, member);
        var token = await seed.TokenAsync(member, Scope.WritePackages);

        var result = await seed.PublishAsync(token, org, PackageType.Container, "team/app", "sha256:" + new string('a', 64), tags: ["latest"]);

        Assert.Equal(Visibility.Private, result.Package!.Visibility);
        await using var scope = _server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IPackageStore>();
        var grants = await store.ListGrantsAsync(result.Package.Id, default);
        Assert.Contains(grants, g => g.UserId == member.Id && g.Role == PackageRole.Admin);
        var tags = await store.ListTagsAsync([result.Version!.Id], default);
        Assert.Equal(["latest"], tags[result.Version.Id]);
    }

    [Fact]
    public async Task Publishing_over_an_existing_version_is_refused_and_adds_nothing()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var repository = await seed.RepositoryAsync(owner);
        var token = await seed.TokenAsync(owner, Scope.WritePackages, Scope.Repo);
        var first = await seed.PublishAsync(token, owner, PackageType.Npm, "left-pad", "1.0.0", repository);

        var second = await seed.TryPublishAsync(token, owner, PackageType.Npm, "left-pad", "1.0.0", repository);

        Assert.Equal(PublishStatus.VersionExists, second.Status);
        await using var scope = _server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IPackageStore>();
        Assert.Equal(1, await store.CountActiveVersionsAsync(first.Package!.Id, default));
        Assert.Single(await store.ListFilesAsync(first.Version!.Id, default));
    }

    [Fact]
    public async Task Repository_scoped_packages_need_a_repository_and_write_on_it()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var stranger = await seed.UserAsync();
        var repository = await seed.RepositoryAsync(owner, Visibility.Public);
        var strangerToken = await seed.TokenAsync(stranger, Scope.WritePackages, Scope.Repo);
        var ownerToken = await seed.TokenAsync(owner, Scope.WritePackages, Scope.Repo);

        var withoutRepository = await seed.TryPublishAsync(ownerToken, owner, PackageType.Npm, "lonely", "1.0.0");
        var stranger403 = await seed.TryPublishAsync(strangerToken, owner, PackageType.Npm, "theirs", "1.0.0", repository);
        var noRepoScope = await seed.TryPublishAsync(await seed.TokenAsync(owner, Scope.WritePackages), owner, PackageType.Npm, "noscope", "1.0.0", repository);

        Assert.Equal(PublishStatus.Denied, withoutRepository.Status);
        Assert.Contains("repository", withoutRepository.Message, StringComparison.Ordinal);
        Assert.Equal(PublishStatus.Denied, stranger403.Status);
        Assert.Equal(PublishStatus.Denied, noRepoScope.Status);
        Assert.Contains("repo scope", noRepoScope.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_publishes_make_one_package()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var token = await seed.TokenAsync(owner, Scope.WritePackages);

        var publishes = Enumerable.Range(0, 8)
            .Select(i => seed.TryPublishAsync(token, owner, PackageType.Container, "raced", $"sha256:{i:x64}"))
            .ToArray();
        var results = await Task.WhenAll(publishes);

        Assert.All(results, r => Assert.Equal(PublishStatus.Published, r.Status));
        Assert.Single(results.Select(r => r.Package!.Id).Distinct());
        await using var scope = _server.Services.CreateAsyncScope();
        Assert.Equal(8, await scope.ServiceProvider.GetRequiredService<IPackageStore>().CountActiveVersionsAsync(results[0].Package!.Id, default));
    }

    [Fact]
    public async Task Re_pushing_a_tag_moves_it_and_the_old_version_stays()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var token = await seed.TokenAsync(owner, Scope.WritePackages);
        var old = await seed.PublishAsync(token, owner, PackageType.Container, "moving", "sha256:" + new string('1', 64), tags: ["latest", "v1"]);
        var fresh = await seed.PublishAsync(token, owner, PackageType.Container, "moving", "sha256:" + new string('2', 64), tags: ["latest"]);

        await using var scope = _server.Services.CreateAsyncScope();
        var tags = await scope.ServiceProvider.GetRequiredService<IPackageStore>().ListTagsAsync([old.Version!.Id, fresh.Version!.Id], default);
        Assert.Equal(["v1"], tags[old.Version.Id]);
        Assert.Equal(["latest"], tags[fresh.Version.Id]);
    }
}

public sealed class SqlitePublishServiceTests() : PublishServiceTests(DatabaseKind.Sqlite);

public sealed class PostgresPublishServiceTests() : PublishServiceTests(DatabaseKind.Postgres);
