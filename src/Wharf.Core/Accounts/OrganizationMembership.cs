namespace Wharf.Core.Accounts;

public sealed class OrganizationMembership
{
    public long OrganizationId { get; set; }

    public long UserId { get; set; }

    public OrganizationRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
