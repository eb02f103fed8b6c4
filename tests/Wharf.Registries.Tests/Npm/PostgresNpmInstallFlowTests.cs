using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class PostgresNpmInstallFlowTests(PostgresNpmServer fixture) : NpmInstallFlowTests(fixture), IClassFixture<PostgresNpmServer>;
