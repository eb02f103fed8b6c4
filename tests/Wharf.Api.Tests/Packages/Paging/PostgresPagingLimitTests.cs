using Xunit;

namespace Wharf.Api.Tests.Packages.Paging;

/// <summary>The list limits on PostgreSQL (<c>WHARF_TEST_POSTGRES</c>; skipped without it, failed in CI).</summary>
public sealed class PostgresPagingLimitTests(PostgresPackagesServer fixture) : PagingLimitTests(fixture), IClassFixture<PostgresPackagesServer>;
