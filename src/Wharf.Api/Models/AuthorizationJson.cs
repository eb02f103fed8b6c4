using System.Text.Json.Serialization;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>
/// GitHub's authorization object, as <c>POST /admin/users/{username}/authorizations</c> answers with an impersonation
/// token. <see cref="Token"/> carries the secret: this answer is the only time it leaves the server.
/// </summary>
public sealed record AuthorizationJson(
    long Id,
    string Url,
    AuthorizationJson.AppJson App,
    string Token,
    string HashedToken,
    string TokenLastEight,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NoteUrl,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<string> Scopes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Fingerprint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? ExpiresAt)
{
    /// <summary>The application GitHub Enterprise names as the issuer of impersonation tokens.</summary>
    public sealed record AppJson(string Name, string Url, string ClientId);

    private static readonly AppJson SiteAdministrator = new(
        "GitHub Site Administrator", "https://docs.github.com/enterprise-server/rest/enterprise-admin/users", "site-administrator");

    public static AuthorizationJson ForImpersonation(AccessToken token, string secret, WharfUrls urls) => new(
        token.Id,
        $"{urls.Api}/authorizations/{token.Id}",
        SiteAdministrator,
        secret,

        // GitHub's hashed_token is the base64 SHA-256 of the token; Wharf stores the same digest in hex.
        Convert.ToBase64String(Convert.FromHexString(token.Hash)),
        token.LastEight,
        token.Note,
        null,
        token.CreatedAt,
        token.CreatedAt,
        ScopeSet.Parse(token.Scopes).Granted,
        null,
        token.ExpiresAt);
}
