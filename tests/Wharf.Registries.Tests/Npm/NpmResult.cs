namespace Wharf.Registries.Tests.Npm;

/// <summary>What one npm command did: its exit code and what it printed.</summary>
public sealed record NpmResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>Asserts that npm printed <paramref name="text"/> (on either stream), showing everything it printed if not.</summary>
    public void AssertPrinted(string text) =>
        Xunit.Assert.True(Output.Contains(text, StringComparison.Ordinal), $"Expected npm to print \"{text}\". {this}");

    public override string ToString() => $"npm {Command} exited {ExitCode}:\n{Stdout}\n{Stderr}";
}
