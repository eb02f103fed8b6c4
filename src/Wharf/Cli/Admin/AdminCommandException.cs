namespace Wharf.Cli.Admin;

/// <summary>
/// A refusal the person at the terminal can act on (an unknown login, a taken name): printed as one line on stderr
/// with exit code 1, never as a stack trace.
/// </summary>
internal sealed class AdminCommandException : Exception
{
    public AdminCommandException()
    {
    }

    public AdminCommandException(string message)
        : base(message)
    {
    }

    public AdminCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
