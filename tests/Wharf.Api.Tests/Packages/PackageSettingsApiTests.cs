using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Packages;

/// <summary>Wharf's additions for what GitHub does in its web UI: visibility, repository link, grants.</summary>
public sealed class PackageSettingsApiTests : IAsyncLifetime
{
    private WharfTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WharfTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Admin_makes_a_container_public_and_it_can_never_go_back()
    {
        var (org, admin, _) = await SeedAsync();
        var path = $"api/v3/orgs/{org}/packages/container/team%2Fapp";

        using var toPublic = await admin.PatchAsJsonAsync(path, new { visibility = "public" });
        Assert.Equal(HttpStatusCode.OK, toPublic.StatusCode);
        Assert.Equal("public", (await toPublic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visibility").GetString());

        using var back = await admin.PatchAsJsonAsync(path, new { visibility = "private" });
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Equal(PackageMessages.PublicIsFinal, (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_or_wrong_bodies_get_githubs_errors_and_change_nothing()
    {
        var (org, admin, _) = await SeedAsync();
        var path = $"api/v3/orgs/{org}/packages/container/team%2Fapp";

        using var junk = await admin.PatchAsync(path, new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var badValue = await admin.PatchAsJsonAsync(path, new { visibility = "secret" });
        using var noRepo = await admin.PatchAsJsonAsync(path, new { repository = "nope" });
        using var badRole = await admin.PutAsJsonAsync($"{path}/access/users/someone", new { role = "owner" });

        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badValue.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRepo.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRole.StatusCode);
        var package = await admin.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("private", package.GetProperty("visibility").GetString());
        Assert.False(package.TryGetProperty("repository", out _));
    }

    [Fact]
    public async Task A_grant_lets_a_member_read_and_revoking_hides_the_package_again()
    {
        var (org, admin, member) = await SeedAsync();
        var path = $"api/v3/orgs/{org}/packages/container/team%2Fapp";
        var memberLogin = (await member.GetFromJsonAsync<JsonElement>("api/v3/user")).GetProperty("login").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(path)).StatusCode);
        using var grant = await admin.PutAsJsonAsync($"{path}/access/users/{memberLogin}", new { role = "read" });
        Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(path)).StatusCode);
        var access = await admin.GetFromJsonAsync<JsonElement>($"{path}/access");
        Assert.Contains(access.EnumerateArray(), e => e.GetProperty("login").GetString() == memberLogin && e.GetProperty("role").GetString() == "read");

        // A reader cannot change settings; the package stays visible to it, so that is a 403, not a 404.
        using var readerPatch = await member.PatchAsJsonAsync(path, new { visibility = "public" });
        Assert.Equal(HttpStatusCode.Forbidden, readerPatch.StatusCode);

        using var revoke = await admin.DeleteAsync($"{path}/access/users/{memberLogin}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(path)).StatusCode);
    }

    private async Task<(string Org, HttpClient Admin, HttpClient Member)> SeedAsync()
    {
        var seed = _server.Seed;
        var owner = await seed.UserAsync();
        var org = await seed.OrganizationAsync(owner);
        var member = await seed.UserAsync();
        await seed.AddMemberAsync(org, member);
        var ownerToken = await seed.TokenAsync(owner, Scope.WritePackages, Scope.ReadPackages);
        await seed.PublishAsync(ownerToken, org, PackageType.Container, "team/app", "sha256:" + new string('c', 64), tags: ["latest"]);
        return (org.Login, _server.CreateClient(ownerToken), _server.CreateClient(await seed.TokenAsync(member, Scope.WritePackages)));
    }
}
