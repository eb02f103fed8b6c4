using System.Diagnostics;
using System.Globalization;

namespace Wharf.Core.Runtime;

/// <summary>
/// This start of the server process: a fresh id, the host, the process id and the process's start time, written as
/// one <see cref="Holder"/> string on what the process holds (an upload claim). Another process on the same host can
/// then tell a holder that no longer runs (killed, crashed) and take over at once instead of waiting out a lease; a
/// holder on another host is judged by its lease alone.
/// </summary>
public sealed class ServerInstance
{
    private const char Separator = '/';

    public ServerInstance()
        : this(Environment.MachineName, Environment.ProcessId, StartTicksOf(Process.GetCurrentProcess()) ?? 0)
    {
    }

    internal ServerInstance(string host, int processId, long processStartTicks)
    {
        Host = host.Replace(Separator, '-');
        ProcessId = processId;
        ProcessStartTicks = processStartTicks;
        Id = Guid.NewGuid().ToString("N");
        Holder = string.Join(Separator, Host, ProcessId.ToString(CultureInfo.InvariantCulture), ProcessStartTicks.ToString(CultureInfo.InvariantCulture), Id);
    }

    public string Id { get; }

    public string Host { get; }

    public int ProcessId { get; }

    public long ProcessStartTicks { get; }

    /// <summary><c>HOST/PID/PROCESS-START-TICKS/INSTANCE-ID</c>, at most 200 characters.</summary>
    public string Holder { get; }

    /// <summary>
    /// True only when <paramref name="holder"/> names a process of this host that no longer runs: its id is free, or
    /// taken by a process started at another time (ids are reused, and a container's server is often process 1 every
    /// start). False for this instance, for a live process, for another host, and for anything unreadable.
    /// </summary>
    public bool IsDeadHere(string? holder) => IsDeadHere(holder, Probe);

    /// <summary><paramref name="probe"/>: whether a process id runs, and its start (null when unreadable).</summary>
    internal bool IsDeadHere(string? holder, Func<int, (bool Running, long? StartTicks)> probe)
    {
        var parts = holder?.Split(Separator);
        if (parts is not { Length: 4 } || parts[0] != Host || parts[3] == Id ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var processId) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return false;
        }

        var (running, started) = probe(processId);
        return !running || (started is { } ticks && ticks != startTicks);
    }

    private static (bool Running, long? StartTicks) Probe(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return (true, StartTicksOf(process));
        }
        catch (ArgumentException)
        {
            return (false, null);
        }
    }

    private static long? StartTicksOf(Process process)
    {
        try
        {
            // Whole seconds: enough to tell two starts apart, and stable however it is read.
            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Exited meanwhile, or not readable: no start to compare.
            return null;
        }
    }
}
