using Microsoft.EntityFrameworkCore;
using Npgsql;
using Wharf.Storage.Database;

namespace Wharf.Storage.Postgres;

/// <summary>The metadata schema on PostgreSQL, for several nodes sharing one database.</summary>
public sealed class PostgresWharfDbContext(DbContextOptions<PostgresWharfDbContext> options) : WharfDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
