using Wharf.Testing.Server;

namespace Wharf.Api.Tests.Packages;

/// <summary>A shared server on a throwaway PostgreSQL database.</summary>
public sealed class PostgresPackagesServer() : PackagesServerFixture(DatabaseKind.Postgres);
