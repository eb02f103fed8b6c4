using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Wharf.Storage.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PostgresWharfDbContext>
{
    public PostgresWharfDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresWharfDbContext>().UseNpgsql("Host=localhost;Database=wharf_design").Options);
}
