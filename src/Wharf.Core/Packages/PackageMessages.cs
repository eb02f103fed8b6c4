namespace Wharf.Core.Packages;

/// <summary>GitHub's texts for the deletion rules (behaviour §4.1), byte for byte where observed.</summary>
public static class PackageMessages
{
    public const string NotFound = "Package not found.";

    public const string TooManyDownloads =
        "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.";

    public const string LastVersion = "You cannot delete the last version of a package. You must delete the package instead.";

    public const string LastTaggedVersion = "You cannot delete the last tagged version of a package. You must delete the package instead.";

    public const string PackageNameReused =
        "A package with this name has been published since this one was deleted. Delete the new package before restoring this one.";

    public const string VersionNameReused =
        "A version with this name has been published since this one was deleted. Delete the new version before restoring this one.";

    public const string PublicIsFinal = "A public package cannot be made private or internal again.";
}
