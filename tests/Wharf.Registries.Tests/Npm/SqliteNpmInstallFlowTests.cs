using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class SqliteNpmInstallFlowTests(SqliteNpmServer fixture) : NpmInstallFlowTests(fixture), IClassFixture<SqliteNpmServer>;
