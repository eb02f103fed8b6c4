using Xunit;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>The permission matrix on SQLite.</summary>
public sealed class SqlitePackagePermissionMatrixTests(SqlitePackagesServer fixture)
    : PackagePermissionMatrixTests(fixture), IClassFixture<SqlitePackagesServer>;
