namespace Wharf.Api.Tests.GhCli;

/// <summary>How one <c>gh</c> command ended: its exit code and what it printed on each stream.</summary>
public sealed record GhResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
