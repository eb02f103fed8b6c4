using Microsoft.EntityFrameworkCore;

namespace Wharf.Storage.Sqlite;

/// <summary>How Wharf configures a SQLite context; the server and the tests take it from here.</summary>
public static class SqliteContextOptions
{
    /// <summary>SQLite on <paramref name="connectionString"/>, every write of the context through <paramref name="gate"/>.</summary>
    public static DbContextOptionsBuilder UseWharfSqlite(this DbContextOptionsBuilder builder, string connectionString, SqliteWriteGate gate) =>
        builder.UseSqlite(connectionString).AddInterceptors(new SqliteWriteInterceptor(gate));
}
