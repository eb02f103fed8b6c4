using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Npm;

public sealed class PostgresNpmServer() : NpmServer(DatabaseKind.Postgres);
