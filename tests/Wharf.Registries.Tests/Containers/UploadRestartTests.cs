using System.Net;
using System.Security.Cryptography;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>Upload sessions live in the database and the data folder: a chunked upload resumes after a restart.</summary>
public sealed class UploadRestartTests
{
    [Fact]
    public async Task Chunked_upload_resumes_after_the_server_stops_mid_upload()
    {
        var data = Path.Combine(Path.GetTempPath(), "wharf-restart-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string?> { ["DataDirectory"] = data };
        var blob = RandomNumberGenerator.GetBytes(200_000);
        string location;
        string token;
        string login;
        try
        {
            var first = await WharfTestServer.StartAsync(settings: settings);
            try
            {
                var owner = await first.Seed.UserAsync();
                login = owner.Login;
                token = await first.Seed.TokenAsync(owner, Scope.WritePackages);
                using var client = new RegistryClient(first, token);
                await client.LoginAsync();
                var start = await client.SendAsync(HttpMethod.Post, $"v2/{login}/resume/blobs/uploads/");
                location = start.Headers.Location!.ToString();
                var chunk = new ByteArrayContent(blob, 0, 120_000);
                chunk.Headers.TryAddWithoutValidation("Content-Range", "0-119999");
                Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Patch, location, chunk)).StatusCode);

                // A chunk whose connection drops half way: its bytes must not count.
                using var drop = new CancellationTokenSource();
                var interrupted = new StreamContent(new StallingStream(blob.AsMemory(120_000, 30_000)));
                interrupted.Headers.TryAddWithoutValidation("Content-Range", "120000-199999");
                interrupted.Headers.ContentLength = 80_000;
                var cut = client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, location) { Content = interrupted }, drop.Token);
                await Task.Delay(500);
                await drop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cut);
                await Task.Delay(200);
            }
            finally
            {
                await first.DisposeAsync();
            }

            await using var second = await WharfTestServer.StartAsync(settings: settings);
            using var resumed = new RegistryClient(second, token);
            Assert.Equal(HttpStatusCode.OK, (await resumed.LoginAsync()).StatusCode);
            var status = await resumed.SendAsync(HttpMethod.Get, location);
            Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
            Assert.Equal("0-119999", status.Headers.GetValues("Range").Single());

            var rest = new ByteArrayContent(blob, 120_000, 80_000);
            rest.Headers.TryAddWithoutValidation("Content-Range", "120000-199999");
            Assert.Equal(HttpStatusCode.Accepted, (await resumed.SendAsync(HttpMethod.Patch, location, rest)).StatusCode);
            var done = await resumed.SendAsync(HttpMethod.Put, $"{location}?digest={RegistryClient.Digest(blob)}");
            Assert.Equal(HttpStatusCode.Created, done.StatusCode);
            var pulled = await resumed.SendAsync(HttpMethod.Get, $"v2/{login}/resume/blobs/{RegistryClient.Digest(blob)}");
            Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }
}
