namespace Wharf.Core.Accounts;

/// <summary>A member's role in an organization; GitHub's API calls owners "admin".</summary>
public enum OrganizationRole
{
    Member = 0,
    Admin = 1,
}
