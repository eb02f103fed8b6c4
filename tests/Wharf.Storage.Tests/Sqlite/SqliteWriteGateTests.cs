using Microsoft.Data.Sqlite;
using Wharf.Storage.Sqlite;
using Xunit;

namespace Wharf.Storage.Tests.Sqlite;

public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly SqliteWriteGate _gate = new();
    private readonly Guid _first = Guid.NewGuid();
    private readonly Guid _second = Guid.NewGuid();

    public void Dispose() => _gate.Dispose();

    [Fact]
    public async Task A_connection_that_holds_the_turn_enters_again_without_waiting()
    {
        await _gate.EnterAsync(_first, Timeout.InfiniteTimeSpan, default);

        // A zero timeout fails any wait: entering again must not wait on the turn the connection holds.
        await _gate.EnterAsync(_first, TimeSpan.Zero, default);
        _gate.Enter(_first, TimeSpan.Zero);

        Assert.Equal(_first, _gate.Holder);
    }

    [Fact]
    public async Task Another_connection_waits_until_the_holder_exits()
    {
        await _gate.EnterAsync(_first, Timeout.InfiniteTimeSpan, default);

        var waiting = _gate.EnterAsync(_second, Timeout.InfiniteTimeSpan, default).AsTask();

        Assert.False(waiting.IsCompleted);
        _gate.Exit(_first);
        await waiting;
        Assert.Equal(_second, _gate.Holder);
    }

    [Fact]
    public async Task Only_the_holder_gives_the_turn_back_and_only_once()
    {
        await _gate.EnterAsync(_first, Timeout.InfiniteTimeSpan, default);

        _gate.Exit(_second);
        Assert.Equal(_first, _gate.Holder);
        _gate.Exit(_first);
        _gate.Exit(_first);

        Assert.Null(_gate.Holder);
        await _gate.EnterAsync(_second, TimeSpan.Zero, default);
        var third = _gate.EnterAsync(Guid.NewGuid(), Timeout.InfiniteTimeSpan, default).AsTask();
        Assert.False(third.IsCompleted);
        _gate.Exit(_second);
        await third;
    }

    [Fact]
    public async Task No_turn_within_the_timeout_is_a_busy_error_and_leaves_the_holder()
    {
        await _gate.EnterAsync(_first, Timeout.InfiniteTimeSpan, default);

        var error = await Assert.ThrowsAsync<SqliteException>(() => _gate.EnterAsync(_second, TimeSpan.Zero, default).AsTask());

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        Assert.Equal(_first, _gate.Holder);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_turn()
    {
        await _gate.EnterAsync(_first, Timeout.InfiniteTimeSpan, default);
        using var cancel = new CancellationTokenSource();

        var waiting = _gate.EnterAsync(_second, Timeout.InfiniteTimeSpan, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _gate.Exit(_first);
        Assert.Null(_gate.Holder);
    }

    [Theory]
    [InlineData("SELECT 1", true)]
    [InlineData("  select \"a\".\"Id\" FROM \"accounts\" AS \"a\"", true)]
    [InlineData("-- a tag\nSELECT 1", true)]
    [InlineData("/* a comment */ SELECT 1", true)]
    [InlineData("INSERT INTO \"container_blob_links\" (\"Digest\") VALUES (@p0) RETURNING \"Id\";", false)]
    [InlineData("UPDATE \"packages\" AS \"p\" SET \"UpdatedAt\" = @p WHERE \"p\".\"Id\" = @id", false)]
    [InlineData("DELETE FROM \"container_tags\" WHERE 0", false)]
    [InlineData("PRAGMA journal_mode=WAL;", false)]
    [InlineData("-- SELECT in a comment\nDELETE FROM \"x\"", false)]
    [InlineData("", false)]
    public void Only_a_plain_select_counts_as_a_read(string sql, bool read) =>
        Assert.Equal(read, SqliteWriteInterceptor.IsRead(sql));
}
