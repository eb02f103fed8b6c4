using System.Globalization;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Npm;

/// <summary>Small limits, so the size checks can be driven with small bodies.</summary>
public sealed class LimitedNpmServer() : NpmServer(DatabaseKind.Sqlite, new Dictionary<string, string?>
{
    ["Npm:MaxTarballBytes"] = MaxTarballBytes.ToString(CultureInfo.InvariantCulture),
    ["Npm:MaxManifestBytes"] = MaxManifestBytes.ToString(CultureInfo.InvariantCulture),
})
{
    public const int MaxTarballBytes = 64 * 1024;

    public const int MaxManifestBytes = 64 * 1024;
}
