using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Wharf.Storage.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SqliteWharfDbContext>
{
    public SqliteWharfDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteWharfDbContext>().UseSqlite("Data Source=design.db").Options);
}
