using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class PostgresNpmPublishAccessTests(PostgresNpmServer fixture) : NpmPublishAccessTests(fixture), IClassFixture<PostgresNpmServer>;
