using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Logging.Console;
using Wharf.Core.Accounts;
using Wharf.Core.Outcomes;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Hosting;

namespace Wharf.Cli.Admin;

/// <summary>
/// One admin command's hold on the data: the composed application (never started, so no port is taken), its schema
/// brought up to date, one service scope, and lookups that fail with a message naming what is missing.
/// </summary>
internal sealed class AdminSession : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AsyncServiceScope _scope;

    private AdminSession(WebApplication app)
    {
        _app = app;
        _scope = app.Services.CreateAsyncScope();
    }

    public AccountService Accounts => _scope.ServiceProvider.GetRequiredService<AccountService>();

    public RepositoryService Repositories => _scope.ServiceProvider.GetRequiredService<RepositoryService>();

    public TokenService Tokens => _scope.ServiceProvider.GetRequiredService<TokenService>();

    public TimeProvider Clock => _scope.ServiceProvider.GetRequiredService<TimeProvider>();

    public static async Task<AdminSession> OpenAsync(ServerOptions shared, ParseResult parse, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = WharfServer.Build([], shared.Overrides(parse), services => services.AddLogging(logging =>
            {
                // stdout carries the command's answer (a token, a table) for scripts; logs go to stderr. A taken name
                // is a unique-index violation EF logs as a failure: the refusal line already says it.
                logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
                logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }));
        }
        catch (InvalidOperationException e)
        {
            // Settings the composition refuses (an unknown provider, postgres without a connection string).
            throw new AdminCommandException(e.Message, e);
        }

        try
        {
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            return new AdminSession(app);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException)
        {
            await app.DisposeAsync();
            throw new AdminCommandException(
                $"Cannot open the database ({e.Message}). Check --data, --database-provider and --database.", e);
        }
    }

    /// <summary>The user with that login; an organization or nothing is refused.</summary>
    public async Task<Account> UserAsync(string login, CancellationToken cancellationToken)
    {
        var account = await Accounts.FindAsync(login, cancellationToken)
            ?? throw new AdminCommandException($"No user '{login}'. Create one with `wharf admin user create {login}`.");
        return account.IsOrganization
            ? throw new AdminCommandException($"'{account.Login}' is an organization, not a user.")
            : account;
    }

    /// <summary>The organization with that login; a user or nothing is refused.</summary>
    public async Task<Account> OrganizationAsync(string login, CancellationToken cancellationToken)
    {
        var account = await Accounts.FindAsync(login, cancellationToken)
            ?? throw new AdminCommandException($"No organization '{login}'. Create one with `wharf admin org create {login} --owner USER`.");
        return account.IsOrganization
            ? account
            : throw new AdminCommandException($"'{account.Login}' is a user, not an organization.");
    }

    public async Task<Team> TeamAsync(Account organization, string slug, CancellationToken cancellationToken) =>
        await Accounts.FindTeamAsync(organization, slug, cancellationToken)
            ?? throw new AdminCommandException(
                $"No team '{slug}' in '{organization.Login}'. Teams are named by slug (lower case, hyphens), as `wharf admin team create` printed it.");

    /// <summary>The repository named <c>OWNER/NAME</c>, with its owner.</summary>
    public async Task<(Account Owner, Repository Repository)> RepositoryAsync(string fullName, CancellationToken cancellationToken)
    {
        var (ownerLogin, name) = SplitFullName(fullName);
        var owner = await Accounts.FindAsync(ownerLogin, cancellationToken)
            ?? throw new AdminCommandException($"No user or organization '{ownerLogin}'.");
        var repository = await Repositories.FindAsync(owner, name, cancellationToken)
            ?? throw new AdminCommandException(
                $"No repository '{owner.Login}/{name}'. Create it with `wharf admin repo create {owner.Login}/{name}`.");
        return (owner, repository);
    }

    public static (string Owner, string Name) SplitFullName(string fullName)
    {
        var parts = fullName.Split('/');
        return parts is [{ Length: > 0 } owner, { Length: > 0 } name]
            ? (owner, name)
            : throw new AdminCommandException($"'{fullName}' is not a repository name; write it as OWNER/NAME.");
    }

    /// <summary>The value of a successful outcome; a failure's message is the refusal.</summary>
    public static T Require<T>(Outcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new AdminCommandException(outcome.Message ?? outcome.Status.ToString());

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _app.DisposeAsync();
    }
}
