using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Hosting;
using Wharf.Storage.Database;

namespace Wharf.Bench.Seeder;

/// <summary>
/// Makes the benchmark's world: an organization owned by one user, a plain member who reads through a team's grant
/// on the organization's private repository, a read token for each, and the organization's npm packages, the last
/// of them with many versions. Accounts, repository, team and tokens go through the core services; one package goes
/// through <see cref="PackagePublisher"/> and the rest are inserted in bulk as the same rows.
/// </summary>
public static class BenchSeeder
{
    public const string OwnerLogin = "bench-owner";
    public const string MemberLogin = "bench-member";
    public const string RepositoryName = "bench-repo";

    private static readonly string[] ReadScopes = [Scope.ReadPackages, Scope.Repo];

    public static async Task<int> RunAsync(SeedOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = options.DataDirectory,
            ["Database:Provider"] = options.Provider,
            ["Database:ConnectionString"] = options.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",

            // A new PostgreSQL database makes EF log a failed look for its migrations table; that is no error here.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
        };
        await using var app = WharfServer.Build([], c => c.AddInMemoryCollection(settings),

            // stdout carries the tokens; log lines go to stderr.
            services => services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);

        var clock = Stopwatch.StartNew();
        var world = await CreateWorldAsync(app.Services, options, cancellationToken);
        await progress.WriteLineAsync($"accounts, repository, team and tokens: {clock.Elapsed.TotalSeconds:F1} s");

        // Publish times spread over the last few weeks, one package every 10 s.
        var epoch = DateTime.UtcNow.AddDays(-30);
        var reference = new NpmRelease(world.Organization, world.Repository, PackageName(1), "1.0.0", epoch);
        if (await CheckAgainstPublisherAsync(app.Services, world, reference, cancellationToken) is { } mismatch)
        {
            await progress.WriteLineAsync("bulk rows differ from what PackagePublisher writes: " + mismatch);
            return 1;
        }

        // The package with many versions sits in the middle of the list, off the pages the benchmark reads, and its
        // versions were published over time between the other packages, so their ids interleave as they would.
        clock.Restart();
        var bigIndex = Math.Max(2, options.Packages / 2);
        var releases = Enumerable.Range(2, options.Packages - 1)
            .Select(i => new NpmRelease(world.Organization, world.Repository, PackageName(i), "1.0.0", epoch.AddSeconds(10.0 * i)))
            .ToArray();
        var big = releases[bigIndex - 2];
        var step = (releases[^1].PublishedAt - big.PublishedAt) / options.Versions;
        var pending = new Queue<NpmRelease>(Enumerable.Range(1, options.Versions - 1)
            .Select(j => new NpmRelease(world.Organization, world.Repository, big.Name, VersionName(j), big.PublishedAt + (step * j))));
        var bigUpdatedAt = pending.Count == 0 ? big.PublishedAt : pending.Last().PublishedAt;
        var batches = releases.Chunk(options.BatchSize).ToArray();
        long bigPackageId = 0;
        for (var k = 0; k < batches.Length; k++)
        {
            var ids = await InsertPackagesAsync(app.Services, batches[k], r => r == big ? bigUpdatedAt : r.PublishedAt, cancellationToken);
            bigPackageId = ids.GetValueOrDefault(big.Name, bigPackageId);
            if (bigPackageId != 0 && pending.Count > 0)
            {
                var share = (pending.Count + batches.Length - k - 1) / (batches.Length - k);
                await InsertVersionsAsync(app.Services, bigPackageId, [.. Enumerable.Range(0, share).Select(_ => pending.Dequeue())], cancellationToken);
            }
        }

        await progress.WriteLineAsync(
            $"{options.Packages - 1:N0} packages with one version each and {options.Versions - 1:N0} more versions of {big.Name}: {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        await AnalyzeAsync(app.Services, options, cancellationToken);
        await progress.WriteLineAsync($"statistics: {clock.Elapsed.TotalSeconds:F1} s");

        await output.WriteLineAsync($"ORG={world.Organization.Login}");
        await output.WriteLineAsync($"REPOSITORY={world.Repository.Name}");
        await output.WriteLineAsync($"BIG_PACKAGE={big.Name}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"PACKAGES={options.Packages}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"VERSIONS={options.Versions}"));
        await output.WriteLineAsync($"OWNER_TOKEN={world.OwnerToken}");
        await output.WriteLineAsync($"MEMBER_TOKEN={world.MemberToken}");
        await output.FlushAsync(cancellationToken);
        return 0;
    }

    private static string PackageName(int i) => string.Create(CultureInfo.InvariantCulture, $"package-{i:D6}");

    /// <summary>1.0.0, 1.0.1, ... 1.0.99, 1.1.0, ...: 100 patches per minor.</summary>
    private static string VersionName(int j) => string.Create(CultureInfo.InvariantCulture, $"1.{j / 100}.{j % 100}");

    private static async Task<World> CreateWorldAsync(IServiceProvider services, SeedOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var repositories = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();

        var owner = Ok(await accounts.CreateUserAsync(OwnerLogin, null, siteAdmin: false, cancellationToken));
        var member = Ok(await accounts.CreateUserAsync(MemberLogin, null, siteAdmin: false, cancellationToken));
        var organization = Ok(await accounts.CreateOrganizationAsync(options.Organization, owner.Login, "Benchmark organization", cancellationToken));
        var repository = Ok(await repositories.CreateAsync(organization, RepositoryName, Visibility.Private, "Where the benchmark's packages come from", cancellationToken));

        // The member reads the private repository through a team, the usual way an organization hands out access.
        var team = Ok(await accounts.CreateTeamAsync(organization, "readers", null, null, cancellationToken));
        await accounts.SetTeamMembershipAsync(organization, team, member, "member", cancellationToken);
        await repositories.SetTeamGrantAsync(team, repository, RepositoryPermission.Read, cancellationToken);

        var (_, ownerToken) = await tokens.CreateAsync(owner.Id, new ScopeSet(ReadScopes), "bench/api", TokenKind.Personal, null, cancellationToken);
        var (_, memberToken) = await tokens.CreateAsync(member.Id, new ScopeSet(ReadScopes), "bench/api", TokenKind.Personal, null, cancellationToken);
        return new World(owner, organization, repository, ownerToken, memberToken);
    }

    /// <summary>
    /// Publishes <paramref name="release"/> through <see cref="PackagePublisher"/> and compares what it recorded with
    /// the rows <see cref="NpmRelease"/> builds for bulk insertion; returns the first difference, or null.
    /// </summary>
    private static async Task<string?> CheckAgainstPublisherAsync(IServiceProvider services, World world, NpmRelease release, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var principal = Principal.ForToken(world.Owner, 0, new ScopeSet([Scope.WritePackages, Scope.Repo]), new HashSet<long>());
        var result = await scope.ServiceProvider.GetRequiredService<PackagePublisher>().PublishAsync(release.Request(principal), cancellationToken);
        if (result.Status != PublishStatus.Published)
        {
            return $"publish answered {result.Status}: {result.Message}";
        }

        var store = scope.ServiceProvider.GetRequiredService<IPackageStore>();
        var package = await store.FindActiveAsync(world.Organization.Id, PackageType.Npm, PackageNames.Key(release.Name), cancellationToken);
        var version = package is null ? null : await store.FindActiveVersionByNameAsync(package.Id, release.Version, cancellationToken);
        var files = version is null ? [] : await store.ListFilesAsync(version.Id, cancellationToken);
        if (package is null || version is null || files.Count != 1)
        {
            return "the published package, version or file is missing";
        }

        return Difference(package, release.NewPackage(release.PublishedAt), "Id", "CreatedAt", "UpdatedAt")
            ?? Difference(version, release.NewVersion(package.Id), "Id", "CreatedAt", "UpdatedAt")
            ?? Difference(files[0], release.NewFile(version.Id), "Id", "CreatedAt");
    }

    /// <summary>Inserts packages with their first version and its tarball, one transaction per batch; returns ids by name.</summary>
    private static async Task<Dictionary<string, long>> InsertPackagesAsync(
        IServiceProvider services, NpmRelease[] batch, Func<NpmRelease, DateTime> updatedAt, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = Bulk(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var packages = batch.Select(r => r.NewPackage(updatedAt(r))).ToArray();
        db.Packages.AddRange(packages);
        await db.SaveChangesAsync(cancellationToken);
        var versions = batch.Select((r, i) => r.NewVersion(packages[i].Id)).ToArray();
        db.PackageVersions.AddRange(versions);
        await db.SaveChangesAsync(cancellationToken);
        db.PackageFiles.AddRange(batch.Select((r, i) => r.NewFile(versions[i].Id)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return packages.ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
    }

    private static async Task InsertVersionsAsync(IServiceProvider services, long packageId, NpmRelease[] batch, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = Bulk(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var versions = batch.Select(r => r.NewVersion(packageId)).ToArray();
        db.PackageVersions.AddRange(versions);
        await db.SaveChangesAsync(cancellationToken);
        db.PackageFiles.AddRange(batch.Select((r, i) => r.NewFile(versions[i].Id)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static WharfDbContext Bulk(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<WharfDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return db;
    }

    /// <summary>
    /// PostgreSQL: VACUUM ANALYZE, what autovacuum does on its own within a minute of a bulk load, so every run
    /// measures the same settled state. SQLite: nothing; Wharf never runs ANALYZE there, so neither does the bench.
    /// </summary>
    private static async Task AnalyzeAsync(IServiceProvider services, SeedOptions options, CancellationToken cancellationToken)
    {
        if (!options.IsPostgres)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WharfDbContext>();
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
    }

    private static string? Difference<T>(T actual, T expected, params string[] ignored)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && !ignored.Contains(p.Name)))
        {
            var a = property.GetValue(actual);
            var e = property.GetValue(expected);
            if (!Equals(a, e))
            {
                return $"{typeof(T).Name}.{property.Name}: publisher wrote '{a}', bulk would write '{e}'";
            }
        }

        return null;
    }

    private static T Ok<T>(Wharf.Core.Outcomes.Outcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new InvalidOperationException($"Seeding failed: {outcome.Message}");

    private sealed record World(Account Owner, Account Organization, Repository Repository, string OwnerToken, string MemberToken);
}
