using System.Globalization;

namespace Wharf.Core.Archives;

/// <summary>Sizes in messages: "64 KiB", "1024 MiB" when whole, else bytes.</summary>
internal static class ArchiveSizes
{
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB",
        >= 1024 when bytes % 1024 == 0 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}
