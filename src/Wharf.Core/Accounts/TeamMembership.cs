namespace Wharf.Core.Accounts;

public sealed class TeamMembership
{
    public long TeamId { get; set; }

    public long UserId { get; set; }

    /// <summary>"member" or "maintainer".</summary>
    public string Role { get; set; } = "member";
}
