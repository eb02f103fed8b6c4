using System.CommandLine;
using System.Globalization;
using Wharf.Core.Tokens;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin token ...</c>: personal access tokens (classic) made, listed and revoked for a user.</summary>
internal static class TokenCommands
{
    public static Command Create(ServerOptions shared)
    {
        var token = new Command("token", "Create, list and revoke a user's personal access tokens");
        token.Subcommands.Add(CreateToken(shared));
        token.Subcommands.Add(List(shared));
        token.Subcommands.Add(Revoke(shared));
        return token;
    }

    private static Command CreateToken(ServerOptions shared)
    {
        var login = new Argument<string>("login") { Description = "The user the token acts as" };
        var scopes = new Option<string>("--scopes")
        {
            Description = "Comma-separated scopes, e.g. read:packages,write:packages,delete:packages,repo",
            Required = true,
        };
        var note = new Option<string?>("--note") { Description = "What the token is for" };
        var expiresInDays = new Option<int?>("--expires-in-days") { Description = "Days until the token expires; default never" };
        var impersonation = new Option<bool>("--impersonation") { Description = "Mark it as an impersonation token made by a site administrator" };
        var command = new Command("create", "Create a token and print it (shown only this once)");
        command.Arguments.Add(login);
        command.Options.Add(scopes);
        command.Options.Add(note);
        command.Options.Add(expiresInDays);
        command.Options.Add(impersonation);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var scopeSet = ParseScopes(parse.GetValue(scopes)!);
            DateTime? expiresAt = null;
            if (parse.GetValue(expiresInDays) is { } days)
            {
                expiresAt = days > 0
                    ? session.Clock.GetUtcNow().UtcDateTime.AddDays(days)
                    : throw new AdminCommandException("--expires-in-days must be a positive number of days; leave it out for a token that never expires.");
            }

            var user = await session.UserAsync(parse.GetValue(login)!, cancellationToken);
            var kind = parse.GetValue(impersonation) ? TokenKind.Impersonation : TokenKind.Personal;
            var (created, secret) = await session.Tokens.CreateAsync(user.Id, scopeSet, parse.GetValue(note), kind, expiresAt, cancellationToken);
            var expiry = expiresAt is null ? "never expires" : "expires " + TextTable.Time(expiresAt);
            await Console.Out.WriteLineAsync(
                $"Created token {created.Id} for '{user.Login}' (scopes {string.Join(',', scopeSet.Granted)}; {expiry}). It is shown only this once:");
            await Console.Out.WriteLineAsync(secret);
        });
        return command;
    }

    private static Command List(ServerOptions shared)
    {
        var login = new Argument<string>("login") { Description = "The user whose tokens to list" };
        var command = new Command("list", "List a user's tokens (never the secrets: only their last eight characters)");
        command.Arguments.Add(login);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var user = await session.UserAsync(parse.GetValue(login)!, cancellationToken);
            var tokens = await session.Tokens.ListForUserAsync(user.Id, cancellationToken);
            if (tokens.Count == 0)
            {
                await Console.Out.WriteLineAsync($"'{user.Login}' has no tokens.");
                return;
            }

            var table = new TextTable("ID", "LAST EIGHT", "KIND", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "REVOKED", "NOTE");
            foreach (var t in tokens)
            {
                table.Add(t.Id.ToString(CultureInfo.InvariantCulture), t.LastEight, t.Kind == TokenKind.Impersonation ? "impersonation" : "personal",
                    t.Scopes.Length == 0 ? "-" : t.Scopes.Replace(' ', ','), TextTable.Time(t.CreatedAt), TextTable.Time(t.ExpiresAt, "never"),
                    TextTable.Time(t.LastUsedAt, "never"), TextTable.Time(t.RevokedAt), t.Note ?? "-");
            }

            await table.WriteAsync(Console.Out);
        });
        return command;
    }

    private static Command Revoke(ServerOptions shared)
    {
        var id = new Argument<long>("id") { Description = "The token's id, as `wharf admin token list` shows it" };
        var command = new Command("revoke", "Revoke a token: it is refused from then on");
        command.Arguments.Add(id);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var tokenId = parse.GetValue(id);
            var token = await session.Tokens.FindAsync(tokenId, cancellationToken)
                ?? throw new AdminCommandException($"No token {tokenId}. `wharf admin token list LOGIN` shows a user's token ids.");
            await Console.Out.WriteLineAsync(token.RevokedAt is null && await session.Tokens.RevokeAsync(token.Id, cancellationToken)
                ? $"Revoked token {token.Id} (...{token.LastEight})."
                : $"Token {token.Id} (...{token.LastEight}) was already revoked.");
        });
        return command;
    }

    /// <summary>Only scopes Wharf knows: a typo would otherwise make a token that quietly cannot do its job.</summary>
    private static ScopeSet ParseScopes(string text)
    {
        var scopes = ScopeSet.Parse(text);
        var unknown = scopes.Granted.Where(s => !Scope.Known.Contains(s)).ToArray();
        if (unknown.Length > 0)
        {
            throw new AdminCommandException(
                $"Unknown scope{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(s => $"'{s}'"))}; use some of: {string.Join(", ", Scope.Known)}.");
        }

        return scopes.Granted.Count > 0
            ? scopes
            : throw new AdminCommandException("--scopes names no scope; e.g. --scopes read:packages,write:packages.");
    }
}
