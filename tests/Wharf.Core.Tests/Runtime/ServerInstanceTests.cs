using Wharf.Core.Runtime;
using Xunit;

namespace Wharf.Core.Tests.Runtime;

/// <summary>When a claim's holder counts as a dead process of this host (taken over at once) and when not (its lease decides).</summary>
public sealed class ServerInstanceTests
{
    private static readonly ServerInstance Here = new("node-a", 100, 5_000);

    private static string Holder(string host, int processId, long startTicks) => $"{host}/{processId}/{startTicks}/0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_holder_whose_process_no_longer_runs_here_is_dead() =>
        Assert.True(Here.IsDeadHere(Holder("node-a", 42, 7_000), _ => (false, null)));

    [Fact]
    public void A_holder_whose_process_id_now_belongs_to_a_later_start_is_dead() =>
        // A container restart runs the server as the same process id again: the start time tells the two apart.
        Assert.True(Here.IsDeadHere(Holder("node-a", 1, 7_000), _ => (true, 9_000)));

    [Fact]
    public void A_holder_whose_process_still_runs_is_alive()
    {
        Assert.False(Here.IsDeadHere(Holder("node-a", 42, 7_000), _ => (true, 7_000)));
        Assert.False(Here.IsDeadHere(Holder("node-a", 42, 7_000), _ => (true, null)));
    }

    [Fact]
    public void This_instance_another_host_and_unreadable_holders_are_never_declared_dead()
    {
        Assert.False(Here.IsDeadHere(Here.Holder, _ => (false, null)));
        Assert.False(Here.IsDeadHere(Holder("node-b", 42, 7_000), _ => (false, null)));
        Assert.False(Here.IsDeadHere(null, _ => (false, null)));
        Assert.False(Here.IsDeadHere("node-a/not-a-number/7000/x", _ => (false, null)));
        Assert.False(Here.IsDeadHere("node-a/42", _ => (false, null)));
    }

    [Fact]
    public void The_real_probe_sees_this_process_alive_and_a_free_process_id_dead()
    {
        var current = new ServerInstance();
        var twin = new ServerInstance();
        Assert.False(twin.IsDeadHere(current.Holder));
        Assert.True(twin.IsDeadHere($"{current.Host}/{int.MaxValue - 1}/{current.ProcessStartTicks}/0123456789abcdef0123456789abcdef"));
    }
}
