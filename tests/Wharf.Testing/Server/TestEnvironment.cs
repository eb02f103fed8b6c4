using Xunit;

namespace Wharf.Testing.Server;

/// <summary>A missing client or database skips a test on a laptop and fails it in CI (CI=true).</summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"{what} is required in CI but is not available.");
        }

        Assert.Skip($"{what} is not available on this machine.");
    }
}
