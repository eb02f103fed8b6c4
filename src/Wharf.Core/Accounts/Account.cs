namespace Wharf.Core.Accounts;

/// <summary>A user or an organization: the owner of repositories and packages.</summary>
public sealed class Account
{
    public long Id { get; set; }

    /// <summary>The login as it was typed when the account was made.</summary>
    public string Login { get; set; } = "";

    /// <summary>The login in lower case: logins are unique without regard to case.</summary>
    public string LoginKey { get; set; } = "";

    public AccountType Type { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public bool SiteAdmin { get; set; }

    /// <summary>Organizations only: every token must be authorised for the organization (SAML SSO).</summary>
    public bool SsoEnforced { get; set; }

    /// <summary>Organizations only: new packages linked to a repository inherit its access (GitHub's default).</summary>
    public bool InheritAccessByDefault { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? SuspendedAt { get; set; }

    public bool IsOrganization => Type == AccountType.Organization;
}
