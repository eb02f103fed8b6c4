using System.CommandLine;

namespace Wharf.Cli.Admin;

/// <summary><c>wharf admin sso ...</c>: authorising tokens for organizations that enforce SAML SSO.</summary>
internal static class SsoCommands
{
    public static Command Create(ServerOptions shared)
    {
        var sso = new Command("sso", "Authorise tokens for organizations that enforce SSO");
        sso.Subcommands.Add(Authorize(shared));
        return sso;
    }

    private static Command Authorize(ServerOptions shared)
    {
        var id = new Argument<long>("token-id") { Description = "The token's id, as `wharf admin token list` shows it" };
        var org = new Argument<string>("org") { Description = "The organization's login" };
        var command = new Command("authorize", "Authorise a token for an organization (what a member does through the IdP on GitHub)");
        command.Arguments.Add(id);
        command.Arguments.Add(org);
        AdminAction.Set(command, shared, async (session, parse, cancellationToken) =>
        {
            var tokenId = parse.GetValue(id);
            var token = await session.Tokens.FindAsync(tokenId, cancellationToken)
                ?? throw new AdminCommandException($"No token {tokenId}. `wharf admin token list LOGIN` shows a user's token ids.");
            if (token.RevokedAt is not null)
            {
                throw new AdminCommandException($"Token {token.Id} (...{token.LastEight}) is revoked; create a new one with `wharf admin token create`.");
            }

            var organization = await session.OrganizationAsync(parse.GetValue(org)!, cancellationToken);
            await session.Tokens.AuthorizeSsoAsync(token.Id, organization.Id, cancellationToken);
            var note = organization.SsoEnforced ? "" : $" ('{organization.Login}' does not enforce SSO yet; this counts once it does)";
            await Console.Out.WriteLineAsync($"Token {token.Id} (...{token.LastEight}) is authorised for '{organization.Login}'{note}.");
        });
        return command;
    }
}
