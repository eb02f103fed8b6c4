using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.Api.Http;

/// <summary>Reads a small JSON request body in GitHub's snake_case, answering GitHub's 400 when it is not JSON.</summary>
public static class RequestBody
{
    public const string ProblemsParsingJson = "Problems parsing JSON";

    /// <summary>Administration bodies are a few fields; anything larger is a mistake or an attack.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>The body, or an empty <typeparamref name="T"/> when none was sent (GitHub treats both alike).</summary>
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context, string documentationUrl)
        where T : class, new()
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            var reader = context.Request.BodyReader;
            var peek = await reader.ReadAsync(context.RequestAborted);
            var empty = peek.Buffer.IsEmpty && peek.IsCompleted;

            // Consume nothing: the serializer reads the body from its start.
            reader.AdvanceTo(peek.Buffer.Start);
            if (empty)
            {
                return (new T(), null);
            }

            var body = await JsonSerializer.DeserializeAsync<T>(reader.AsStream(leaveOpen: true), GitHubJson.Options, context.RequestAborted);
            return (body ?? new T(), null);
        }
        catch (JsonException)
        {
            return (null, GitHubError.Result(StatusCodes.Status400BadRequest, ProblemsParsingJson, documentationUrl));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, GitHubError.Result(StatusCodes.Status413PayloadTooLarge, "Request body too large.", documentationUrl));
        }
    }
}
