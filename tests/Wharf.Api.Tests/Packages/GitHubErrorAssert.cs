using System.Globalization;
using System.Net;
using System.Text.Json;
using Wharf.Testing.Contract;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// Checks GitHub's error body, <c>{"message", "documentation_url", "status"}</c> with the status as a string, for
/// every error status, including those the OpenAPI does not declare (which <see cref="OpenApiContract"/> fails by
/// design).
/// </summary>
public static class GitHubErrorAssert
{
    /// <summary>Fails unless the response has <paramref name="status"/> and GitHub's error body; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? message = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        var request = response.RequestMessage is { } r ? $"{r.Method} {r.RequestUri?.PathAndQuery}" : "the request";
        Assert.True(response.StatusCode == status, $"{request}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.True(
            response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{request}: an error body must be JSON, was '{response.Content.Headers.ContentType}'.");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String, $"{request}: no message in {body}");
        Assert.True(
            root.TryGetProperty("documentation_url", out var docs) && docs.GetString() is { } url &&
            url.StartsWith("https://docs.github.com/", StringComparison.Ordinal),
            $"{request}: documentation_url must point at docs.github.com: {body}");
        Assert.True(
            root.TryGetProperty("status", out var code) && code.ValueKind == JsonValueKind.String &&
            code.GetString() == ((int)status).ToString(CultureInfo.InvariantCulture),
            $"{request}: status must be the string \"{(int)status}\": {body}");
        if (message is not null)
        {
            Assert.Equal(message, text.GetString());
        }

        return text.GetString()!;
    }

    /// <summary>
    /// The error body check, plus the OpenAPI check when the operation declares <paramref name="status"/> (the
    /// packages operations declare 401, 403 and 404 on most routes, but not all).
    /// </summary>
    public static async Task<string> AssertDeclaredErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? message = null)
    {
        var text = await AssertErrorAsync(response, status, message);
        var request = response.RequestMessage!;
        var template = OpenApiContract.MatchTemplate(request.Method.Method, request.RequestUri!.AbsolutePath);
        if (OpenApiContract.GetOperation(request.Method.Method, template).FindResponse((int)status) is not null)
        {
            await OpenApiContract.AssertResponseAsync(response);
        }

        return text;
    }
}
