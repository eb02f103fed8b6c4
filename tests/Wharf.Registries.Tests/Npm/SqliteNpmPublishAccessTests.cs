using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class SqliteNpmPublishAccessTests(SqliteNpmServer fixture) : NpmPublishAccessTests(fixture), IClassFixture<SqliteNpmServer>;
