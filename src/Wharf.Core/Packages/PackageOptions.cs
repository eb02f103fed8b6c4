namespace Wharf.Core.Packages;

/// <summary>Configuration section <c>Packages</c>: GitHub's deletion rules, as numbers one can change.</summary>
public sealed class PackageOptions
{
    public const string Section = "Packages";

    /// <summary>Deleted packages and versions can be restored for this long, then they are purged.</summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Public packages and versions downloaded more often than this cannot be deleted.</summary>
    public long PublicDeletionDownloadLimit { get; set; } = 5000;
}
