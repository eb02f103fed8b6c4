using System.Text.RegularExpressions;

namespace Wharf.Testing.Processes;

/// <summary>How one <c>wharf</c> command ended: its exit code and what it printed on each stream.</summary>
public sealed partial record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The token the command printed, or null.</summary>
    public string? Token => TokenPattern().Match(Output) is { Success: true } match ? match.Value : null;

    /// <summary>The id in "Created token N", as <c>wharf admin token create</c> prints it.</summary>
    public long TokenId => long.Parse(TokenIdPattern().Match(Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";

    [GeneratedRegex("ghp_[A-Za-z0-9]{36}")]
    internal static partial Regex TokenPattern();

    [GeneratedRegex(@"Created token (\d+) ")]
    private static partial Regex TokenIdPattern();
}
