using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Wharf.Core.Urls;

namespace Wharf.Api.Http;

/// <summary>GitHub's page/per_page pagination and its Link header.</summary>
public sealed record Pagination(int Page, int PerPage)
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    /// <summary>Lists stop at 10,000 results (OpenAPI <c>package_es_list_error</c>); versions lists as package lists.</summary>
    public const int MaxListResults = 10_000;

    public const string BeyondListLimitMessage = "The value of `per_page` multiplied by `page` cannot be greater than 10000.";

    /// <summary>
    /// Reads page and per_page; values that are not positive integers fall back to the defaults, as on GitHub. A
    /// number too large for an int still counts as a large page (beyond the list limit), not as no page at all.
    /// </summary>
    public static Pagination From(HttpRequest request)
    {
        var page = ReadPositive(request.Query["page"], 1);
        var perPage = Math.Min(ReadPositive(request.Query["per_page"], DefaultPerPage), MaxPerPage);
        return new Pagination(page, perPage);
    }

    /// <summary>page × per_page, in 64 bits: beyond <see cref="MaxListResults"/> the list answers 400.</summary>
    public bool ExceedsListLimit => (long)Page * PerPage > MaxListResults;

    /// <summary>
    /// Writes <c>Link</c> with next/last/first/prev as they apply, keeping the other query parameters; the last page
    /// is the last one within <see cref="MaxListResults"/>.
    /// </summary>
    public void WriteLink(HttpContext context, WharfUrls urls, long total)
    {
        var lastPage = (int)Math.Clamp((total + PerPage - 1) / PerPage, 1, MaxListResults / PerPage);

        var links = new List<string>();
        if (Page < lastPage)
        {
            links.Add(Link(context, urls, Page + 1, "next"));
            links.Add(Link(context, urls, lastPage, "last"));
        }

        if (Page > 1)
        {
            links.Add(Link(context, urls, 1, "first"));
            links.Add(Link(context, urls, Math.Min(Page - 1, lastPage), "prev"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers["Link"] = string.Join(", ", links);
        }
    }

    private string Link(HttpContext context, WharfUrls urls, int page, string rel)
    {
        var query = new StringBuilder();
        foreach (var (key, values) in context.Request.Query)
        {
            if (key is "page" or "per_page")
            {
                continue;
            }

            foreach (var value in values)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }

        query.Append(query.Length == 0 ? '?' : '&').Append("page=").Append(page.ToString(CultureInfo.InvariantCulture));
        query.Append("&per_page=").Append(PerPage.ToString(CultureInfo.InvariantCulture));
        var path = context.Request.PathBase.Add(context.Request.Path).ToUriComponent();
        return $"<{urls.Base}{path}{query}>; rel=\"{rel}\"";
    }

    private static int ReadPositive(string? text, int fallback) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? (int)Math.Min(value, int.MaxValue) : fallback;
}
