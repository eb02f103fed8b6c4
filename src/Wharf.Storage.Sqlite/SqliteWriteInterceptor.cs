using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// Puts every write of a SQLite context through the <see cref="SqliteWriteGate"/>: a transaction holds the turn from
/// its <c>BEGIN IMMEDIATE</c> to its commit or rollback, a write statement outside a transaction (ExecuteUpdate,
/// ExecuteDelete, a one-row SaveChanges) for its own run. Statements inside a transaction and reads outside one pass
/// freely. One instance serves all pooled contexts of a database, so it keeps no state of its own: the turn is recorded
/// in the gate under EF's connection id.
/// </summary>
public sealed class SqliteWriteInterceptor(SqliteWriteGate gate) : IDbConnectionInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    // --- connections ---------------------------------------------------------------------------------------------

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => WaitWhenBusy(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WaitWhenBusy(connection);
        return Task.CompletedTask;
    }

    // The last point where a write can end: a transaction disposed without commit rolls back inside
    // Microsoft.Data.Sqlite, unseen by EF, and EF closes the connection it opened for it.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => gate.Exit(eventData.ConnectionId);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        gate.Exit(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // --- transactions --------------------------------------------------------------------------------------------

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return result;
        }

        gate.Enter(eventData.ConnectionId, Timeout(sqlite.DefaultTimeout));
        return Begin(sqlite, eventData);
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return result;
        }

        await gate.EnterAsync(eventData.ConnectionId, Timeout(sqlite.DefaultTimeout), cancellationToken);
        return Begin(sqlite, eventData);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => gate.Exit(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Exit(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => gate.Exit(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Exit(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // --- statements outside a transaction ------------------------------------------------------------------------

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnterForStatement(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnterForStatement(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnterForStatement(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, eventData, cancellationToken);
        return result;
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        ExitForStatement(command, eventData);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        ExitForStatement(command, eventData);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ExitForStatement(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ExitForStatement(command, eventData);
        return ValueTask.FromResult(result);
    }

    // A statement run as a reader (INSERT … RETURNING) holds SQLite's lock until the reader is closed, which EF does
    // just before it reports the disposal.
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ExitForStatement(command, eventData);
        return result;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => ExitForStatement(command, eventData);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitForStatement(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ExitForStatement(command, eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitForStatement(command, eventData);
        return Task.CompletedTask;
    }

    /// <summary>
    /// True for a statement that may write and runs outside a transaction. A statement inside a transaction runs on
    /// the turn its transaction holds; everything that is not a plain SELECT counts as a write.
    /// </summary>
    public static bool NeedsTurn(DbCommand command) => command.Transaction is null && !IsRead(command.CommandText);

    /// <summary>True when the statement text, after blanks and comments, starts with SELECT.</summary>
    public static bool IsRead(string sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", StringComparison.Ordinal);
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else
            {
                return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    // BEGIN IMMEDIATE, whatever the isolation level asked: the transaction takes SQLite's write lock at its start,
    // while it holds the turn, instead of starting as a reader and failing with SQLITE_BUSY when it first writes.
    private InterceptionResult<DbTransaction> Begin(SqliteConnection sqlite, TransactionStartingEventData eventData)
    {
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(sqlite.BeginTransaction(eventData.IsolationLevel, deferred: false));
        }
        catch
        {
            gate.Exit(eventData.ConnectionId);
            throw;
        }
    }

    private void EnterForStatement(DbCommand command, CommandEventData eventData)
    {
        if (NeedsTurn(command))
        {
            gate.Enter(eventData.ConnectionId, Timeout(command.CommandTimeout));
        }
    }

    private async ValueTask EnterForStatementAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (NeedsTurn(command))
        {
            await gate.EnterAsync(eventData.ConnectionId, Timeout(command.CommandTimeout), cancellationToken);
        }
    }

    private void ExitForStatement(DbCommand command, CommandEndEventData eventData)
    {
        if (NeedsTurn(command))
        {
            gate.Exit(eventData.ConnectionId);
        }
    }

    private void ExitForStatement(DbCommand command, DataReaderDisposingEventData eventData)
    {
        if (NeedsTurn(command))
        {
            gate.Exit(eventData.ConnectionId);
        }
    }

    // The last resort, for writers in other processes (`wharf gc` or `wharf purge` beside the server): SQLite's own
    // busy handler waits on the lock in short steps up to the command timeout. In this process the gate keeps writers
    // from meeting at all.
    private static void WaitWhenBusy(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000);
        }
    }

    private static TimeSpan Timeout(int seconds) => seconds <= 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
