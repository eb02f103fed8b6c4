using Wharf.Testing.Server;

namespace Wharf.Api.Tests.Packages;

/// <summary>A shared server on SQLite.</summary>
public sealed class SqlitePackagesServer() : PackagesServerFixture(DatabaseKind.Sqlite);
