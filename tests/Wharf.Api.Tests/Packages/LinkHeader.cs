using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>GitHub's pagination header, <c>Link: &lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c>, read by relation.</summary>
public static class LinkHeader
{
    /// <summary>The URLs by relation; empty when the response has no <c>Link</c>.</summary>
    public static IReadOnlyDictionary<string, Uri> Parse(HttpResponseMessage response)
    {
        var links = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return links;
        }

        foreach (var part in string.Join(",", values).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            Assert.True(pieces.Length == 2 && pieces[0].StartsWith('<') && pieces[0].EndsWith('>'), $"Malformed Link entry: {part}");
            Assert.StartsWith("rel=\"", pieces[1], StringComparison.Ordinal);
            links.Add(pieces[1]["rel=\"".Length..^1], new Uri(pieces[0][1..^1]));
        }

        return links;
    }

    /// <summary>The query parameters of a link, decoded.</summary>
    public static IReadOnlyDictionary<string, string> Query(Uri link) =>
        link.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
}
