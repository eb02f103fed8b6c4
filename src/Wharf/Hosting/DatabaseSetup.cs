using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Wharf.Storage.Database;
using Wharf.Storage.Postgres;
using Wharf.Storage.Sqlite;

namespace Wharf.Hosting;

/// <summary>Chooses the metadata provider from settings and brings its schema up to date.</summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddWharfDatabase(this IServiceCollection services, WharfSettings settings)
    {
        var provider = settings.Database.Provider.ToLowerInvariant();
        switch (provider)
        {
            case "sqlite":
                var connectionString = settings.Database.ConnectionString ?? DefaultSqlite(settings.DataDirectory);
                // One gate per server: SQLite has one writer per database, and the server's writes queue for it here.
                services.AddSingleton<SqliteWriteGate>();
                services.AddDbContextPool<SqliteWharfDbContext>((sp, o) => o.UseWharfSqlite(connectionString, sp.GetRequiredService<SqliteWriteGate>()));
                services.AddScoped<WharfDbContext>(sp => sp.GetRequiredService<SqliteWharfDbContext>());
                break;
            case "postgres" or "postgresql":
                var postgres = settings.Database.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is postgres.");
                services.AddDbContextPool<PostgresWharfDbContext>(o => o.UseNpgsql(postgres));
                services.AddScoped<WharfDbContext>(sp => sp.GetRequiredService<PostgresWharfDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{settings.Database.Provider}'; use sqlite or postgres.");
        }

        return services;
    }

    /// <summary>Applies pending migrations; SQLite also switches to WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WharfDbContext>();
        if (db.Database.IsSqlite())
        {
            var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (!string.IsNullOrEmpty(path) && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private static string DefaultSqlite(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDirectory), "wharf.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
}
