using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Wharf.Testing.Processes;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// A server killed (SIGKILL, no graceful stop) while a chunk streams leaves that chunk's claim on the session. The
/// restarted server sees that the holder's process is gone and lets the next chunk take the claim at once: the upload
/// resumes right after the restart, from the Range its status reports, with no lease to wait out.
/// </summary>
public sealed class UploadCrashTests
{
    private const string Image = "admin/crash";
    private const int FirstChunk = 120_000;
    private const int BlobLength = 200_000;

    // Far longer than the test: were the dead claim judged by its lease, the retry would be refused.
    private static readonly Dictionary<string, string> LeaseSetting = new()
    {
        ["WHARF_Containers__UploadClaimLease"] = TimeSpan.FromHours(1).ToString("c", CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Chunked_upload_resumes_at_once_after_the_server_is_killed_mid_chunk()
    {
        using var folder = new TemporaryFolder();
        var blob = RandomNumberGenerator.GetBytes(BlobLength);
        var rest = $"{FirstChunk}-{BlobLength - 1}";
        string token;
        string location;

        await using (var first = await WharfServeProcess.StartAsync(folder.Path, LeaseSetting))
        {
            token = first.Token ?? throw new Xunit.Sdk.XunitException("The first start printed no token:\n" + first.Banner);
            using var client = await LoginAsync(first, token);
            var start = await client.PostAsync($"v2/{Image}/blobs/uploads/", null);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            location = start.Headers.Location!.ToString();
            Assert.Equal(HttpStatusCode.Accepted, (await PatchAsync(client, location, new ByteArrayContent(blob, 0, FirstChunk), $"0-{FirstChunk - 1}")).StatusCode);

            // The second chunk sends a quarter of its bytes, then stalls: the server holds the claim while it waits.
            var stalling = new StallingStream(blob.AsMemory(FirstChunk, 30_000));
            var chunk = new StreamContent(stalling);
            chunk.Headers.ContentLength = BlobLength - FirstChunk;
            using var drop = new CancellationTokenSource();
            var cut = PatchAsync(client, location, chunk, rest, drop.Token);
            await stalling.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
            await WaitForClaimAsync(folder.Path, location);
            if (cut.IsCompleted)
            {
                Assert.Fail("The stalled chunk ended before the kill: " + (await Record.ExceptionAsync(() => cut) ?? (object)await DescribeAsync(await cut)));
            }

            await first.KillAsync();
            await drop.CancelAsync();
            var ended = await Record.ExceptionAsync(() => cut);
            Assert.True(ended is HttpRequestException or OperationCanceledException, $"The killed chunk ended with {ended}");
        }

        await using var second = await WharfServeProcess.StartAsync(folder.Path, LeaseSetting);
        Assert.Null(second.Token);
        using var resumed = await LoginAsync(second, token);

        // The bytes of the killed chunk do not count, and nothing says the session is busy.
        var status = await resumed.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{FirstChunk - 1}", status.Headers.GetValues("Range").Single());

        var taken = await PatchAsync(resumed, location, new ByteArrayContent(blob, FirstChunk, BlobLength - FirstChunk), rest);
        Assert.True(taken.StatusCode == HttpStatusCode.Accepted, $"PATCH after the restart: {await DescribeAsync(taken)}");
        Assert.Equal($"0-{BlobLength - 1}", taken.Headers.GetValues("Range").Single());

        var digest = RegistryClient.Digest(blob);
        var done = await resumed.PutAsync($"{location}?digest={digest}", null);
        Assert.True(done.StatusCode == HttpStatusCode.Created, $"PUT ?digest: {await DescribeAsync(done)}");
        var pulled = await resumed.GetAsync($"v2/{Image}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Waits until the session row shows the stalled chunk's claim, so the kill surely leaves one behind.</summary>
    private static async Task WaitForClaimAsync(string workingFolder, string location)
    {
        var id = location.TrimEnd('/').Split('/')[^1].Split('?')[0];
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(workingFolder, "wharf-data", "wharf.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using (var db = new SqliteConnection(connection.ToString()))
            {
                await db.OpenAsync();
                await using var query = db.CreateCommand();
                query.CommandText = "SELECT \"ClaimHolder\" FROM container_uploads WHERE \"Id\" = $id";
                query.Parameters.AddWithValue("$id", id);
                if (await query.ExecuteScalarAsync() is string)
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The stalled chunk never claimed upload {id}.");
    }

    /// <summary>The token dance as docker does it: Basic with the token as password, then the bearer token.</summary>
    private static async Task<HttpClient> LoginAsync(WharfServeProcess server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var scope = Uri.EscapeDataString($"repository:{Image}:pull,push");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/token?service={Uri.EscapeDataString(server.Address.Authority)}&scope={scope}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + token)));
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v2/token: {await DescribeAsync(response)}");
        var bearer = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static Task<HttpResponseMessage> PatchAsync(
        HttpClient client, string location, HttpContent chunk, string contentRange, CancellationToken cancellationToken = default)
    {
        chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        chunk.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, location) { Content = chunk }, cancellationToken);
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Headers} {await response.Content.ReadAsStringAsync()}";
}
