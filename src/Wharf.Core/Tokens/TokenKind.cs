namespace Wharf.Core.Tokens;

public enum TokenKind
{
    /// <summary>A personal access token (classic) made by or for its user.</summary>
    Personal = 0,

    /// <summary>Made by a site administrator for a user (POST /admin/users/{username}/authorizations).</summary>
    Impersonation = 1,
}
