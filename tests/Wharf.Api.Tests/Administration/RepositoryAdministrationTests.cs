using System.Net;
using System.Text.Json;
using Octokit;
using Wharf.Api.Tests.Packages;
using Wharf.Core.Accounts;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.Administration;

/// <summary>Repositories and collaborators through Octokit: private ones are 404 to strangers, changes need admin.</summary>
public sealed class RepositoryAdministrationTests(AdministrationServer fixture) : IClassFixture<AdministrationServer>
{
    private readonly AdministrationApi _api = fixture.Api;

    [Fact]
    public async Task A_user_creates_reads_updates_and_deletes_a_private_repository()
    {
        var (owner, ownerToken) = await _api.UserAsync("repo");
        var (_, strangerToken) = await _api.UserAsync("repo");
        var octokit = _api.Octokit(ownerToken);
        var name = TestSeed.UniqueName("repo");

        var created = await octokit.Repository.Create(new NewRepository(name) { Private = true, Description = "first" });
        Assert.Equal(name, created.Name);
        Assert.Equal($"{owner.Login}/{name}", created.FullName);
        Assert.True(created.Private);
        Assert.Equal(RepositoryVisibility.Private, created.Visibility);
        Assert.Equal(owner.Login, created.Owner.Login);
        Assert.True(created.Permissions.Admin);

        var fetched = await octokit.Repository.Get(owner.Login, name);
        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal("first", fetched.Description);
        await Assert.ThrowsAsync<NotFoundException>(() => _api.Octokit(strangerToken).Repository.Get(owner.Login, name));
        using (var anonymous = await _api.SendAsync(null, HttpMethod.Get, $"repos/{owner.Login}/{name}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(anonymous, HttpStatusCode.NotFound, "Not Found");
        }

        var renamed = name + "-renamed";
        var updated = await octokit.Repository.Edit(owner.Login, name, new RepositoryUpdate { Name = renamed, Description = "second", Private = false });
        Assert.Equal(renamed, updated.Name);
        Assert.Equal("second", updated.Description);
        Assert.False(updated.Private);

        // Public now: anyone reads it, without "permissions" when anonymous.
        var seenAnonymously = await _api.GetJsonAsync(null, $"repos/{owner.Login}/{renamed}");
        Assert.False(seenAnonymously.TryGetProperty("permissions", out _));
        Assert.False((await _api.Octokit(strangerToken).Repository.Get(owner.Login, renamed)).Permissions.Admin);

        // Leaving description out keeps it; sending null clears it.
        using (var keep = await _api.SendAsync(ownerToken, HttpMethod.Patch, $"repos/{owner.Login}/{renamed}", new { has_issues = true }))
        {
            Assert.Equal("second", (await AdministrationApi.JsonAsync(keep)).GetProperty("description").GetString());
        }

        using (var clear = await _api.SendAsync(ownerToken, HttpMethod.Patch, $"repos/{owner.Login}/{renamed}", new { description = (string?)null }))
        {
            Assert.Equal(JsonValueKind.Null, (await AdministrationApi.JsonAsync(clear)).GetProperty("description").ValueKind);
        }

        await octokit.Repository.Delete(owner.Login, renamed);
        await Assert.ThrowsAsync<NotFoundException>(() => octokit.Repository.Get(owner.Login, renamed));
    }

    [Fact]
    public async Task A_taken_name_is_githubs_422_which_octokit_reports_as_repository_exists()
    {
        var (_, token) = await _api.UserAsync("repo");
        var octokit = _api.Octokit(token);
        var name = TestSeed.UniqueName("dup");
        await octokit.Repository.Create(new NewRepository(name));

        var exists = await Assert.ThrowsAsync<RepositoryExistsException>(() => octokit.Repository.Create(new NewRepository(name.ToUpperInvariant())));
        Assert.Equal("name already exists on this account", exists.ApiError.Errors.Single().Message);

        var invalid = await Assert.ThrowsAsync<ApiValidationException>(() => octokit.Repository.Create(new NewRepository("no spaces here")));
        Assert.Equal("name", invalid.ApiError.Errors.Single().Field);

        using var internalForUser = await _api.SendAsync(token, HttpMethod.Post, "user/repos", new { name = TestSeed.UniqueName("int"), visibility = "internal" });
        await GitHubErrorAssert.AssertErrorAsync(internalForUser, (HttpStatusCode)422, "Repository creation failed.");
    }

    [Fact]
    public async Task Scopes_decide_what_a_token_may_do_with_repositories()
    {
        var (owner, packagesToken) = await _api.UserAsync("read:packages");
        var repository = await _api.Server.Seed.RepositoryAsync(owner);

        using (var create = await _api.SendAsync(packagesToken, HttpMethod.Post, "user/repos", new { name = TestSeed.UniqueName("r") }))
        {
            await GitHubErrorAssert.AssertErrorAsync(create, HttpStatusCode.Forbidden, "You need at least public_repo scope to create a repository.");
            Assert.Equal("public_repo, repo", create.Headers.GetValues("X-Accepted-OAuth-Scopes").Single());
        }

        var publicOnly = await _api.Server.Seed.TokenAsync(owner, "public_repo");
        using (var createPrivate = await _api.SendAsync(publicOnly, HttpMethod.Post, "user/repos", new { name = TestSeed.UniqueName("r"), @private = true }))
        {
            await GitHubErrorAssert.AssertErrorAsync(createPrivate, HttpStatusCode.Forbidden, "You need at least repo scope to create a private repository.");
        }

        // A token without repo does not reveal the owner's own private repository.
        using (var hidden = await _api.SendAsync(packagesToken, HttpMethod.Get, $"repos/{owner.Login}/{repository.Name}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(hidden, HttpStatusCode.NotFound, "Not Found");
        }

        using (var delete = await _api.SendAsync(packagesToken, HttpMethod.Delete, $"repos/{owner.Login}/{repository.Name}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(delete, HttpStatusCode.Forbidden, "You need at least delete_repo scope to delete a repository.");
        }

        var deleteOnly = await _api.Server.Seed.TokenAsync(owner, "repo", "delete_repo");
        using var deleted = await _api.SendAsync(deleteOnly, HttpMethod.Delete, $"repos/{owner.Login}/{repository.Name}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var anonymous = await _api.SendAsync(null, HttpMethod.Post, "user/repos", new { name = "x" });
        await GitHubErrorAssert.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Requires authentication");
    }

    [Fact]
    public async Task Collaborators_get_the_permission_they_are_given_and_lose_it_when_removed()
    {
        var (owner, ownerToken) = await _api.UserAsync("repo");
        var (collaborator, collaboratorToken) = await _api.UserAsync("repo");
        var octokit = _api.Octokit(ownerToken);
        var asCollaborator = _api.Octokit(collaboratorToken);
        var repository = await octokit.Repository.Create(new NewRepository(TestSeed.UniqueName("collab")) { Private = true });

        await Assert.ThrowsAsync<NotFoundException>(() => asCollaborator.Repository.Get(owner.Login, repository.Name));
        await octokit.Repository.Collaborator.Add(owner.Login, repository.Name, collaborator.Login, new CollaboratorRequest("pull"));

        var seen = await asCollaborator.Repository.Get(owner.Login, repository.Name);
        Assert.True(seen.Permissions.Pull);
        Assert.False(seen.Permissions.Push);
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() =>
            asCollaborator.Repository.Edit(owner.Login, repository.Name, new RepositoryUpdate { Description = "mine now" }));
        Assert.Equal("Must have admin rights to Repository.", forbidden.Message);

        // The default permission is push.
        using (var push = await _api.SendAsync(ownerToken, HttpMethod.Put, $"repos/{owner.Login}/{repository.Name}/collaborators/{collaborator.Login}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, push.StatusCode);
        }

        Assert.True((await asCollaborator.Repository.Get(owner.Login, repository.Name)).Permissions.Push);

        using (var self = await _api.SendAsync(ownerToken, HttpMethod.Put, $"repos/{owner.Login}/{repository.Name}/collaborators/{owner.Login}"))
        {
            await GitHubErrorAssert.AssertErrorAsync(self, (HttpStatusCode)422, "Repository owner cannot be a collaborator");
        }

        await octokit.Repository.Collaborator.Delete(owner.Login, repository.Name, collaborator.Login);
        await Assert.ThrowsAsync<NotFoundException>(() => asCollaborator.Repository.Get(owner.Login, repository.Name));
    }

    [Fact]
    public async Task Organization_repositories_are_made_by_members_and_internal_ones_are_seen_by_members_only()
    {
        var (owner, _) = await _api.UserAsync();
        var (member, memberToken) = await _api.UserAsync("repo");
        var (_, outsiderToken) = await _api.UserAsync("repo");
        var organization = await _api.Server.Seed.OrganizationAsync(owner);
        await _api.Server.Seed.AddMemberAsync(organization, member, OrganizationRole.Member);
        var name = TestSeed.UniqueName("inner");

        // The member who creates an organization repository administers it, as on GitHub.
        using (var created = await _api.SendAsync(memberToken, HttpMethod.Post, $"orgs/{organization.Login}/repos", new { name, visibility = "internal" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var json = await AdministrationApi.JsonAsync(created);
            Assert.Equal("internal", json.GetProperty("visibility").GetString());
            Assert.Equal(organization.Login, json.GetProperty("organization").GetProperty("login").GetString());
        }

        var mine = await _api.Octokit(memberToken).Repository.Get(organization.Login, name);
        Assert.Equal(RepositoryVisibility.Internal, mine.Visibility);
        Assert.True(mine.Permissions.Admin);
        await Assert.ThrowsAsync<NotFoundException>(() => _api.Octokit(outsiderToken).Repository.Get(organization.Login, name));

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() =>
            _api.Octokit(outsiderToken).Repository.Create(organization.Login, new NewRepository(TestSeed.UniqueName("no"))));
        Assert.Equal("You need admin access to the organization before adding a repository to it.", refused.Message);

        // Another internal repository: every member reads it, only its administrators delete it.
        var theirs = await _api.Server.Seed.RepositoryAsync(organization, Wharf.Core.Repositories.Visibility.Internal);
        var readable = await _api.Octokit(memberToken).Repository.Get(organization.Login, theirs.Name);
        Assert.True(readable.Permissions.Pull);
        Assert.False(readable.Permissions.Admin);
        var delete = await Assert.ThrowsAsync<ForbiddenException>(() => _api.Octokit(memberToken).Repository.Delete(organization.Login, theirs.Name));
        Assert.Equal("Must have admin rights to Repository.", delete.Message);
    }
}
