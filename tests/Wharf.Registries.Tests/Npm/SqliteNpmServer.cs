using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Npm;

public sealed class SqliteNpmServer() : NpmServer(DatabaseKind.Sqlite);
