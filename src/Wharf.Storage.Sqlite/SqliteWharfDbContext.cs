using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Wharf.Storage.Database;

namespace Wharf.Storage.Sqlite;

/// <summary>The metadata schema on SQLite, Wharf's embedded default.</summary>
public sealed class SqliteWharfDbContext(DbContextOptions<SqliteWharfDbContext> options) : WharfDbContext(options)
{
    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (extended result codes).
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey };
}
