using Xunit;

namespace Wharf.Core.Tests.Archives;

/// <summary>
/// The result of a read that must have completed at once: reads from a MemoryStream do, so all of its work ran on the
/// test's thread, and <see cref="GC.GetAllocatedBytesForCurrentThread"/> saw every allocation.
/// </summary>
internal static class OnThisThread
{
    public static T Result<T>(ValueTask<T> read)
    {
        Assert.True(read.IsCompleted, "a read from memory completed later, on another thread");
        return read.Result;
    }
}
