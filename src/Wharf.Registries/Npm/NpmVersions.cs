using System.Diagnostics.CodeAnalysis;
using Semver;

namespace Wharf.Registries.Npm;

/// <summary>npm versions are semantic versions (semver.org 2.0.0); npm cleans a leading "v" or "=" before publishing.</summary>
public static class NpmVersions
{
    private const int MaxLength = 256;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemVersion? version)
    {
        version = null;
        return text is not null && SemVersion.TryParse(Clean(text), SemVersionStyles.Strict, out version, MaxLength);
    }

    /// <summary>What npm's <c>semver.clean</c> does to the common forms: trims, and drops a leading "=" or "v".</summary>
    public static string Clean(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 1 && trimmed[0] is '=' or 'v' or 'V' ? trimmed[1..].Trim() : trimmed;
    }

    /// <summary>A dist-tag may not look like a version or a range, or npm could not tell <c>pkg@tag</c> from <c>pkg@range</c>.</summary>
    public static bool IsValidTag(string? tag) =>
        !string.IsNullOrWhiteSpace(tag) && tag.Length <= 128 && tag.Trim() == tag &&
        tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') &&
        !SemVersionRange.TryParseNpm(tag, out _);

    /// <summary>The highest release, or the highest prerelease when there is no release: npm's fallback for "latest".</summary>
    public static string? Highest(IEnumerable<(string Name, SemVersion Version)> versions)
    {
        var all = versions.ToList();
        var releases = all.Where(v => !v.Version.IsPrerelease).ToList();
        var pool = releases.Count > 0 ? releases : all;
        return pool.Count == 0 ? null : pool.OrderBy(v => v.Version, SemVersion.SortOrderComparer).Last().Name;
    }
}
