using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Wharf.Core.Accounts;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Storage.Database;
using Wharf.Storage.Sqlite;
using Xunit;

namespace Wharf.Storage.Tests.Sqlite;

/// <summary>
/// Many writers at once on one SQLite database, configured as the server configures it. SQLite calls a connection's
/// busy handler whenever it finds the database locked by another writer; here the handler counts and gives up, so
/// every collision between writers of this process is seen, whatever the timing.
/// </summary>
public sealed class SqliteConcurrentWriteTests : IAsyncLifetime
{
    private const int Writers = 64;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wharf-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly SqliteWriteGate _gate = new();
    private readonly BusyCounter _busy = new();
    private PooledDbContextFactory<SqliteWharfDbContext> _contexts = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory, "wharf.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var options = new DbContextOptionsBuilder<SqliteWharfDbContext>();
        options.UseWharfSqlite(connectionString, _gate).AddInterceptors(_busy);
        _contexts = new PooledDbContextFactory<SqliteWharfDbContext>(options.Options);
        await using var db = await _contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _gate.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Writers_of_every_kind_at_once_never_meet_a_locked_database()
    {
        var (ownerId, sharedId) = await SeedAsync();

        BusyCounter.Reset();
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteAsync(i, ownerId, sharedId))));

        Assert.All(results, Assert.True);
        Assert.Equal(0, BusyCounter.Count);
        await using var check = await _contexts.CreateDbContextAsync();
        Assert.Equal(Writers / 4 + 1, await check.PackageVersions.CountAsync(v => v.PackageId == sharedId));
        Assert.Equal(Writers / 4 + 1, await check.Packages.CountAsync());
        Assert.Equal(Writers / 4, await check.Set<ContainerBlobLink>().CountAsync());
        Assert.Equal(Writers / 4, await check.Set<ContainerUpload>().CountAsync(u => u.ClaimId != null));
        Assert.Null(_gate.Holder);
    }

    [Fact]
    public async Task A_transaction_that_ends_without_a_commit_gives_the_turn_back()
    {
        var (ownerId, sharedId) = await SeedAsync();
        var now = DateTime.UtcNow;
        var shared = new Package { Id = sharedId, OwnerId = ownerId, Type = PackageType.Npm, Name = "shared", NameKey = "shared", CreatedAt = now, UpdatedAt = now };

        // The unique index refuses the version inside the transaction, which is then disposed, not committed.
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            Assert.Equal(NewVersionOutcome.VersionExists, await new PackageStore(db).AddVersionAsync(Record(shared, "0.0.0"), default));
        }

        Assert.Null(_gate.Holder);
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            Assert.Equal(NewVersionOutcome.Created, await new PackageStore(db).AddVersionAsync(Record(shared, "0.0.1"), default));
        }

        Assert.Null(_gate.Holder);
    }

    private async Task<(long OwnerId, long SharedId)> SeedAsync()
    {
        var now = DateTime.UtcNow;
        var owner = new Account { Login = "writer", LoginKey = "writer", CreatedAt = now, UpdatedAt = now };
        var shared = new Package { Type = PackageType.Npm, Name = "shared", NameKey = "shared", CreatedAt = now, UpdatedAt = now };
        await using var db = await _contexts.CreateDbContextAsync();
        Assert.True(await new AccountStore(db).TryAddAsync(owner, default));
        shared.OwnerId = owner.Id;
        Assert.Equal(NewVersionOutcome.Created, await new PackageStore(db).AddVersionAsync(Record(shared, "0.0.0"), default));
        return (owner.Id, shared.Id);
    }

    // Each kind of write the stores make: a transaction that saves and updates (a new package, a version of an
    // existing one), statements outside a transaction (ExecuteUpdate, then a one-row SaveChanges), and a plain insert
    // followed by a conditional update.
    private async Task<bool> WriteAsync(int i, long ownerId, long sharedId)
    {
        var now = DateTime.UtcNow;
        await using var db = await _contexts.CreateDbContextAsync();
        switch (i % 4)
        {
            case 0:
                var package = new Package { OwnerId = ownerId, Type = PackageType.Npm, Name = $"p{i}", NameKey = $"p{i}", CreatedAt = now, UpdatedAt = now };
                return await new PackageStore(db).AddVersionAsync(Record(package, "1.0.0"), default) == NewVersionOutcome.Created;
            case 1:
                var existing = new Package { Id = sharedId, OwnerId = ownerId, Type = PackageType.Npm, Name = "shared", NameKey = "shared", CreatedAt = now, UpdatedAt = now };
                return await new PackageStore(db).AddVersionAsync(Record(existing, $"1.0.{i}"), default) == NewVersionOutcome.Created;
            case 2:
                var digest = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
                await new ContainerStore(db).LinkBlobAsync(ownerId, "writer/app", digest, 1, 1, now, default);
                await new ContainerStore(db).LinkBlobAsync(ownerId, "writer/app", digest, 1, 1, now.AddSeconds(1), default);
                return true;
            default:
                var upload = new ContainerUpload { Id = $"u{i}", OwnerId = ownerId, Repository = "writer/app", CreatedAt = now, UpdatedAt = now };
                await new ContainerStore(db).AddUploadAsync(upload, default);
                return await new ContainerStore(db).TryClaimUploadAsync(upload.Id, 0, $"c{i}", $"writer/1/0/c{i}", now, now.AddMinutes(-1), default);
        }
    }

    private static NewVersionRecord Record(Package package, string version)
    {
        var now = DateTime.UtcNow;
        var file = new PackageFile { Name = $"{package.Name}-{version}.tgz", Size = 1, Sha256 = new string('0', 64), CreatedAt = now };
        return new NewVersionRecord(package, new PackageVersion { Name = version, CreatedAt = now, UpdatedAt = now }, [file], null, []);
    }

    /// <summary>
    /// Installs on each connection a busy handler that counts and gives up, in place of the busy timeout. SQLitePCLRaw
    /// does not wrap <c>sqlite3_busy_handler</c>, so it is called in the library SQLitePCLRaw loaded.
    /// </summary>
    private sealed class BusyCounter : IDbConnectionInterceptor
    {
        // One count for the process: only this test installs the handler, on its own database.
        private static readonly BusyCallback CountAndGiveUp = (_, _) =>
        {
            Interlocked.Increment(ref _calls);
            return 0;
        };

        private static int _calls;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int BusyCallback(IntPtr state, int count);

        public static int Count => Volatile.Read(ref _calls);

        public static void Reset() => Volatile.Write(ref _calls, 0);

        public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Install(connection);

        public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Install(connection);
            return Task.CompletedTask;
        }

        private static void Install(DbConnection connection) =>
            Assert.Equal(0, sqlite3_busy_handler(((SqliteConnection)connection).Handle!.DangerousGetHandle(), CountAndGiveUp, IntPtr.Zero));

        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int sqlite3_busy_handler(IntPtr db, BusyCallback callback, IntPtr state);
    }
}
