using Xunit;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>The permission matrix on PostgreSQL (<c>WHARF_TEST_POSTGRES</c>; skipped without it, failed in CI).</summary>
public sealed class PostgresPackagePermissionMatrixTests(PostgresPackagesServer fixture)
    : PackagePermissionMatrixTests(fixture), IClassFixture<PostgresPackagesServer>;
