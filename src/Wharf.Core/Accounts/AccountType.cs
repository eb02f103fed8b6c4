namespace Wharf.Core.Accounts;

/// <summary>Users and organizations share one namespace of logins, as on GitHub.</summary>
public enum AccountType
{
    User = 0,
    Organization = 1,
}
