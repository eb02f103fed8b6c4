using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wharf.Registries.Containers;

/// <summary>An image name from a /v2/ path: the owner (first component) and the image after it (maybe nested).</summary>
public sealed partial record ImageName(string Owner, string Image)
{
    public string Full => Owner + "/" + Image;

    /// <summary>OCI's name grammar (distribution-spec "Pulling manifests"), lower case only, at least OWNER/IMAGE.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ImageName? name)
    {
        name = null;
        if (text.Length > 255 || !Grammar().IsMatch(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        name = new ImageName(text[..slash], text[(slash + 1)..]);
        return true;
    }

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Grammar();
}
