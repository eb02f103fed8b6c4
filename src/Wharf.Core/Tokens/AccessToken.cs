namespace Wharf.Core.Tokens;

/// <summary>A personal access token (classic). The secret itself is never stored.</summary>
public sealed class AccessToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Hex SHA-256 of the token: a leaked database must not yield usable tokens.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The last eight characters, so a user can tell tokens apart (GitHub shows the same).</summary>
    public string LastEight { get; set; } = "";

    /// <summary>Space-separated scopes, in the order GitHub lists them.</summary>
    public string Scopes { get; set; } = "";

    public string? Note { get; set; }

    public TokenKind Kind { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
