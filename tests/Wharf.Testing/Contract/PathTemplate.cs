namespace Wharf.Testing.Contract;

/// <summary>An OpenAPI path template such as <c>/orgs/{org}/packages</c>, matched one segment per parameter.</summary>
internal sealed class PathTemplate
{
    private const string ApiPrefix = "/api/v3";
    private readonly string[] _segments;

    public PathTemplate(string text)
    {
        Text = text;
        _segments = Split(text);
        LiteralSegments = _segments.Count(s => !IsParameter(s));
    }

    public string Text { get; }

    /// <summary>How many segments are fixed words; the most specific template wins when several match.</summary>
    public int LiteralSegments { get; }

    /// <summary>
    /// The segments of a request path as the server routes it: scheme, host and query dropped, the <c>/api/v3</c> base
    /// stripped, and no percent-decoding, so a package name sent as <c>a%2Fb</c> stays one segment.
    /// </summary>
    public static string[] RequestSegments(string concretePath)
    {
        var path = concretePath;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        if (path.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase) &&
            (path.Length == ApiPrefix.Length || path[ApiPrefix.Length] == '/'))
        {
            path = path[ApiPrefix.Length..];
        }

        return Split(path);
    }

    public bool Matches(string[] segments)
    {
        if (segments.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var matches = IsParameter(_segments[i])
                ? segments[i].Length > 0
                : string.Equals(_segments[i], segments[i], StringComparison.Ordinal);
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsParameter(string segment) =>
        segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    private static string[] Split(string path) => path.Trim('/').Split('/');
}
