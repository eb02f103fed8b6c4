using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Testing.Processes;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>
/// A server killed (SIGKILL, no graceful stop) while a chunk streams leaves that chunk's claim on the session: after a
/// restart the claim still holds for one lease, then the next chunk takes it over and the upload finishes.
/// </summary>
public sealed class UploadCrashTests
{
    private const string Image = "admin/crash";
    private const int FirstChunk = 120_000;
    private const int BlobLength = 200_000;

    // Long enough that a restart and a login (about 1.5 s here, more on a busy runner) fit in the two thirds of a lease
    // in which a claim renewed every third of a lease is surely still held when its holder dies; short enough to wait out.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(9);

    private static readonly Dictionary<string, string> LeaseSetting = new()
    {
        ["WHARF_Containers__UploadClaimLease"] = Lease.ToString("c", CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Chunked_upload_resumes_after_the_server_is_killed_mid_chunk_once_the_claim_lease_runs_out()
    {
        using var folder = new TemporaryFolder();
        var blob = RandomNumberGenerator.GetBytes(BlobLength);
        var rest = $"{FirstChunk}-{BlobLength - 1}";
        string token;
        string location;
        var sinceKill = new Stopwatch();

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
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (cut.IsCompleted)
            {
                Assert.Fail("The stalled chunk ended before the kill: " + (await Record.ExceptionAsync(() => cut) ?? (object)await DescribeAsync(await cut)));
            }

            await first.KillAsync();
            sinceKill.Start();
            await drop.CancelAsync();
            var ended = await Record.ExceptionAsync(() => cut);
            Assert.True(ended is HttpRequestException or OperationCanceledException, $"The killed chunk ended with {ended}");
        }

        await using var second = await WharfServeProcess.StartAsync(folder.Path, LeaseSetting);
        Assert.Null(second.Token);
        using var resumed = await LoginAsync(second, token);

        // Within the lease the dead process's claim still holds, so a retry is refused rather than racing it. Its last
        // renewal may have come up to a third of a lease before the kill, so only the first two thirds are sure.
        var early = sinceKill.Elapsed;
        Assert.True(early < Lease * 2 / 3, $"The restart took {early}: too long to see the claim held within a lease of {Lease}.");
        var refused = await PatchAsync(resumed, location, new ByteArrayContent(blob, FirstChunk, BlobLength - FirstChunk), rest);
        Assert.True(refused.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable, $"PATCH {early} after the kill: {await DescribeAsync(refused)}");
        Assert.Equal("BLOB_UPLOAD_INVALID", await RegistryClient.ErrorCodeAsync(refused));

        // The bytes of the killed chunk do not count.
        var status = await resumed.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{FirstChunk - 1}", status.Headers.GetValues("Range").Single());

        // Once the dead claim is older than the lease, the next chunk takes the session over.
        var pastLease = Lease + TimeSpan.FromMilliseconds(500) - sinceKill.Elapsed;
        if (pastLease > TimeSpan.Zero)
        {
            await Task.Delay(pastLease);
        }

        var taken = await PatchAsync(resumed, location, new ByteArrayContent(blob, FirstChunk, BlobLength - FirstChunk), rest);
        Assert.True(taken.StatusCode == HttpStatusCode.Accepted, $"PATCH {sinceKill.Elapsed} after the kill (lease {Lease}): {await DescribeAsync(taken)}");
        Assert.Equal($"0-{BlobLength - 1}", taken.Headers.GetValues("Range").Single());

        var digest = RegistryClient.Digest(blob);
        var done = await resumed.PutAsync($"{location}?digest={digest}", null);
        Assert.True(done.StatusCode == HttpStatusCode.Created, $"PUT ?digest: {await DescribeAsync(done)}");
        var pulled = await resumed.GetAsync($"v2/{Image}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync());
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
