using System.Net;
using System.Text.Json;
using Wharf.Testing.Processes;
using Xunit;

namespace Wharf.Api.Tests.Cli;

/// <summary><c>wharf serve</c> as an operator starts it: a process in an empty folder, with no settings at all.</summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task First_start_in_an_empty_folder_prints_a_token_once_and_it_survives_a_restart()
    {
        using var folder = new TemporaryFolder();
        string token;

        await using (var first = await WharfServeProcess.StartAsync(folder.Path))
        {
            Assert.Matches(@"^Wharf is listening on http://127\.0\.0\.1:[1-9]\d*", first.Banner);
            Assert.NotEqual(0, first.Address.Port);
            token = first.Token ?? throw new Xunit.Sdk.XunitException("The first start printed no token:\n" + first.Banner);

            Assert.Equal("admin", await LoginAsync(first, token));
            Assert.True(Directory.Exists(Path.Combine(folder.Path, "wharf-data")), "./wharf-data was not made in the working folder");
        }

        await using var second = await WharfServeProcess.StartAsync(folder.Path);

        Assert.Null(second.Token);
        Assert.DoesNotContain("First start", second.Banner, StringComparison.Ordinal);
        Assert.Equal("admin", await LoginAsync(second, token));
    }

    private static async Task<string?> LoginAsync(WharfServeProcess server, string token)
    {
        using var client = server.CreateClient(token);
        using var response = await client.GetAsync("api/v3/user");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v3/user: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("login").GetString();
    }
}
