using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// One writer at a time on a SQLite database, in this process. SQLite allows one write transaction per database;
/// connections that collide get SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by blocking its thread in 150 ms
/// sleeps until the command timeout, so under load writes waited in retry steps, not in line. Here they wait in line,
/// asynchronously, and each gets the lock at once when its turn comes. Readers never enter: WAL lets them run beside
/// the writer.
/// </summary>
/// <remarks>
/// A turn belongs to a connection (EF's connection id), not to a thread or an async flow: the statements of a
/// transaction run on the connection that holds the turn, and a connection that enters again while it holds the turn
/// goes on at once. Entering again is not nesting: the first <see cref="Exit"/> gives the turn back, as a write ends at
/// one point (the commit, the rollback, the end of the statement or the connection's close, whichever comes first).
/// </remarks>
public sealed class SqliteWriteGate : IDisposable
{
    // SQLITE_BUSY: what a writer got when the database stayed locked past the timeout; callers already expect it.
    private const int SqliteBusy = 5;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _lock = new();
    private Guid? _holder;

    /// <summary>The connection whose turn it is, or null when no write is under way.</summary>
    public Guid? Holder
    {
        get
        {
            lock (_lock)
            {
                return _holder;
            }
        }
    }

    /// <summary>Waits for the turn of <paramref name="connectionId"/>; throws a busy <see cref="SqliteException"/> after <paramref name="timeout"/>.</summary>
    public async ValueTask EnterAsync(Guid connectionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Holder == connectionId)
        {
            return;
        }

        if (!await _turn.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw TimedOut(timeout);
        }

        Take(connectionId);
    }

    /// <summary>The blocking form of <see cref="EnterAsync"/>, for EF's synchronous calls.</summary>
    public void Enter(Guid connectionId, TimeSpan timeout)
    {
        if (Holder == connectionId)
        {
            return;
        }

        if (!_turn.Wait(timeout))
        {
            throw TimedOut(timeout);
        }

        Take(connectionId);
    }

    /// <summary>Gives the turn back if <paramref name="connectionId"/> holds it; otherwise does nothing.</summary>
    public void Exit(Guid connectionId)
    {
        lock (_lock)
        {
            if (_holder != connectionId)
            {
                return;
            }

            _holder = null;
        }

        _turn.Release();
    }

    public void Dispose() => _turn.Dispose();

    private void Take(Guid connectionId)
    {
        lock (_lock)
        {
            _holder = connectionId;
        }
    }

    private static SqliteException TimedOut(TimeSpan timeout) =>
        new($"database is locked: no write turn within {timeout.TotalSeconds:0} s (another write in this process held it)", SqliteBusy);
}
