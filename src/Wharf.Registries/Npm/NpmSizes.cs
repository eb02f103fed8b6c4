using System.Globalization;

namespace Wharf.Registries.Npm;

/// <summary>Sizes in messages: "256 MB" for whole megabytes, else bytes.</summary>
public static class NpmSizes
{
    public static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
