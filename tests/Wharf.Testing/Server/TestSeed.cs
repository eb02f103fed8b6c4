using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Testing.Server;

/// <summary>
/// Test setup through the core services, the way a registry would call them: the "small test helper" that
/// publishes packages until the registries exist. Not reachable over HTTP.
/// </summary>
public sealed class TestSeed(IServiceProvider services)
{
    private static int _counter;

    /// <summary>A login no other test uses: every test makes its own owners.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}{Environment.ProcessId % 1000}x{Interlocked.Increment(ref _counter)}{Guid.NewGuid().ToString("N")[..4]}";

    public Task<Account> UserAsync(string? login = null) => InScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<AccountService>().CreateUserAsync(login ?? UniqueName("user"), null, false, default);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    });

    /// <summary>An organization whose first owner is <paramref name="owner"/>.</summary>
    public Task<Account> OrganizationAsync(Account owner, string? login = null) => InScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<AccountService>().CreateOrganizationAsync(login ?? UniqueName("org"), owner.Login, null, default);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    });

    public Task AddMemberAsync(Account organization, Account user, OrganizationRole role = OrganizationRole.Member) => InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<AccountService>().SetMembershipAsync(organization, user, role, default);
        return true;
    });

    public Task<Team> TeamAsync(Account organization, params Account[] members) => InScopeAsync(async sp =>
    {
        var accounts = sp.GetRequiredService<AccountService>();
        var team = (await accounts.CreateTeamAsync(organization, UniqueName("team"), null, null, default)).Value!;
        foreach (var member in members)
        {
            await accounts.SetTeamMembershipAsync(organization, team, member, "member", default);
        }

        return team;
    });

    public Task<string> TokenAsync(Account user, params string[] scopes) => InScopeAsync(async sp =>
    {
        var (_, secret) = await sp.GetRequiredService<TokenService>().CreateAsync(user.Id, new ScopeSet(scopes), "test", TokenKind.Personal, null, default);
        return secret;
    });

    public Task<Repository> RepositoryAsync(Account owner, Visibility visibility = Visibility.Private, string? name = null) => InScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<RepositoryService>().CreateAsync(owner, name ?? UniqueName("repo"), visibility, null, default);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    });

    public Task CollaboratorAsync(Repository repository, Account user, RepositoryPermission permission) => InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<RepositoryService>().SetCollaboratorAsync(repository, user, permission, default);
        return true;
    });

    public Task TeamRepositoryAsync(Team team, Repository repository, RepositoryPermission permission) => InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<RepositoryService>().SetTeamGrantAsync(team, repository, permission, default);
        return true;
    });

    public Task AuthorizeSsoAsync(string token, Account organization) => InScopeAsync(async sp =>
    {
        var tokens = sp.GetRequiredService<TokenService>();
        var principal = (await tokens.AuthenticateAsync(token, default)).Principal;
        await tokens.AuthorizeSsoAsync(principal.TokenId!.Value, organization.Id, default);
        return true;
    });

    public Task EnforceSsoAsync(Account organization) => InScopeAsync(async sp =>
    {
        var accounts = sp.GetRequiredService<AccountService>();
        await accounts.SetSsoEnforcedAsync((await accounts.FindAsync(organization.Login, default))!, true, default);
        return true;
    });

    /// <summary>
    /// Publishes a version through <see cref="PackagePublisher"/> with one small file, as the caller of
    /// <paramref name="token"/>. Throws unless it was published.
    /// </summary>
    public async Task<PublishResult> PublishAsync(
        string token, Account owner, PackageType type, string name, string version,
        Repository? repository = null, IReadOnlyList<string>? tags = null, string? description = null, string? license = null)
    {
        var result = await TryPublishAsync(token, owner, type, name, version, repository, tags, description, license);
        return result.Status == PublishStatus.Published ? result : throw new InvalidOperationException($"Publish failed: {result.Status} {result.Message}");
    }

    public Task<PublishResult> TryPublishAsync(
        string token, Account owner, PackageType type, string name, string version,
        Repository? repository = null, IReadOnlyList<string>? tags = null, string? description = null, string? license = null) => InScopeAsync(async sp =>
    {
        var principal = (await sp.GetRequiredService<TokenService>().AuthenticateAsync(token, default)).Principal;
        var blobs = sp.GetRequiredService<IBlobStore>();
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes($"{owner.Login}/{name}@{version}"));
        var blob = await blobs.WriteAsync(content, new BlobWriteOptions { ComputeSha1 = true, ComputeSha512 = true }, default);
        return await sp.GetRequiredService<PackagePublisher>().PublishAsync(new PublishRequest
        {
            Principal = principal,
            Owner = owner,
            Type = type,
            Name = name,
            Version = version,
            Repository = repository,
            Description = description,
            License = license,
            Tags = tags ?? [],
            Files = [new PublishedFile($"{name}-{version}.bin", "application/octet-stream", blob)],
        }, default);
    });

    /// <summary>Counts downloads of a version as a registry would, and writes them at once.</summary>
    public Task DownloadAsync(long versionId, int times) => InScopeAsync(async sp =>
    {
        var counter = sp.GetRequiredService<DownloadCounter>();
        for (var i = 0; i < times; i++)
        {
            counter.Record(versionId);
        }

        await counter.FlushAsync(sp.GetRequiredService<Core.Metadata.IPackageStore>(), default);
        return true;
    });

    public Task<Account> ReloadAsync(Account account) => InScopeAsync(async sp =>
        (await sp.GetRequiredService<AccountService>().FindAsync(account.Login, default))!);

    public AccessPolicy Policy => services.GetRequiredService<AccessPolicy>();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
