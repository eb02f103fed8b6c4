using Xunit;

namespace Wharf.Api.Tests.Packages.Paging;

/// <summary>The list limits on SQLite.</summary>
public sealed class SqlitePagingLimitTests(SqlitePackagesServer fixture) : PagingLimitTests(fixture), IClassFixture<SqlitePackagesServer>;
