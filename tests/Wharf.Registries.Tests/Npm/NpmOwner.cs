using Wharf.Core.Accounts;
using Wharf.Core.Repositories;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Npm;

/// <summary>A user of their own for one test, with a repository to link packages to and a token that can do everything.</summary>
public sealed record NpmOwner(Account Account, Repository Repository, string Token)
{
    public static readonly string[] AllScopes =
        [Core.Tokens.Scope.ReadPackages, Core.Tokens.Scope.WritePackages, Core.Tokens.Scope.DeletePackages, Core.Tokens.Scope.Repo];

    public string Scope => Account.Login.ToLowerInvariant();

    /// <summary>The package.json <c>repository</c> value linking to <see cref="Repository"/>, in the github.com form.</summary>
    public string RepositoryUrl => $"https://github.com/{Account.Login}/{Repository.Name}";

    public string Package(string name) => $"@{Scope}/{name}";

    public static async Task<NpmOwner> CreateAsync(WharfTestServer server, Visibility visibility = Visibility.Private)
    {
        var user = await server.Seed.UserAsync();
        var repository = await server.Seed.RepositoryAsync(user, visibility);
        var token = await server.Seed.TokenAsync(user, AllScopes);
        return new NpmOwner(user, repository, token);
    }
}
