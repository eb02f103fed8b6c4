using System.Net;
using Wharf.Core.Packages;
using Wharf.Core.Tokens;
using Wharf.Testing.Contract;
using Xunit;

namespace Wharf.Api.Tests.Packages.Paging;

/// <summary>
/// GitHub's lists stop at 10,000 results (behaviour §6, OpenAPI <c>package_es_list_error</c>): a page beyond answers
/// 400 on the package lists and on the version lists alike, however large the page number, on either database.
/// </summary>
public abstract class PagingLimitTests(PackagesServerFixture fixture)
{
    private const string TooFar = "The value of `per_page` multiplied by `page` cannot be greater than 10000.";

    [Theory]
    [InlineData("page=101&per_page=100")]
    [InlineData("page=2147483647&per_page=100")]
    [InlineData("page=2147483647")]
    [InlineData("page=99999999999&per_page=1")]
    [InlineData("page=10001&per_page=1")]
    public async Task A_page_beyond_10000_results_is_a_400_on_package_and_version_lists(string query)
    {
        var (ns, token) = await PublishedAsync();
        using var api = new PackagesApi(fixture.Start());

        using var packages = await api.GetAsync(ns.Packages("npm", query), token);
        await GitHubErrorAssert.AssertErrorAsync(packages, HttpStatusCode.BadRequest, TooFar);
        using var versions = await api.GetAsync(ns.Versions("npm", "paged", query), token);
        await GitHubErrorAssert.AssertErrorAsync(versions, HttpStatusCode.BadRequest, TooFar);
        using var deleted = await api.GetAsync(ns.Versions("npm", "paged", "state=deleted&" + query), token);
        await GitHubErrorAssert.AssertErrorAsync(deleted, HttpStatusCode.BadRequest, TooFar);
    }

    [Theory]
    [InlineData("page=100&per_page=100")]
    [InlineData("page=10000&per_page=1")]
    public async Task The_last_page_within_10000_results_is_an_empty_list(string query)
    {
        var (ns, token) = await PublishedAsync();
        using var api = new PackagesApi(fixture.Start());

        using var packages = await api.GetAsync(ns.Packages("npm", query), token);
        await OpenApiContract.AssertResponseAsync(packages);
        Assert.Equal("[]", await packages.Content.ReadAsStringAsync());
        using var versions = await api.GetAsync(ns.Versions("npm", "paged", query), token);
        await OpenApiContract.AssertResponseAsync(versions);
        Assert.Equal("[]", await versions.Content.ReadAsStringAsync());
    }

    /// <summary>An owner of their own with one npm package of two versions.</summary>
    private async Task<(PackageNamespace Namespace, string Token)> PublishedAsync()
    {
        var server = fixture.Start();
        var user = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(user, Scope.ReadPackages, Scope.WritePackages, Scope.Repo);
        var repository = await server.Seed.RepositoryAsync(user);
        await server.Seed.PublishAsync(token, user, PackageType.Npm, "paged", "1.0.0", repository);
        await server.Seed.PublishAsync(token, user, PackageType.Npm, "paged", "1.0.1", repository);
        return (PackageNamespace.User(user.Login), token);
    }
}
