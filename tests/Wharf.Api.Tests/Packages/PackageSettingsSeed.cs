using Microsoft.Extensions.DependencyInjection;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Outcomes;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;

namespace Wharf.Api.Tests.Packages;

/// <summary>
/// Setup GitHub does in its web UI (visibility, package grants) and quick setup deletes, made through the core's
/// <see cref="PackageService"/> as the holder of <c>adminToken</c>, so the REST calls under test stay the only HTTP.
/// Each call throws unless the core agreed.
/// </summary>
public sealed class PackageSettingsSeed(WharfTestServer server)
{
    public Task MakePublicAsync(string adminToken, Account owner, PackageType type, string name) =>
        RunAsync(adminToken, (packages, principal) =>
            packages.ChangeSettingsAsync(principal, owner, type, name, new PackageSettingsChange { Visibility = Visibility.Public }, default));

    public Task GrantAsync(string adminToken, Account owner, PackageType type, string name, Account user, PackageRole role) =>
        RunAsync(adminToken, (packages, principal) => packages.GrantAsync(principal, owner, type, name, user, null, role, default));

    public Task DeletePackageAsync(string adminToken, Account owner, PackageType type, string name) =>
        RunAsync(adminToken, (packages, principal) => packages.DeletePackageAsync(principal, owner, type, name, default));

    public Task DeleteVersionAsync(string adminToken, Account owner, PackageType type, string name, long versionId) =>
        RunAsync(adminToken, (packages, principal) => packages.DeleteVersionAsync(principal, owner, type, name, versionId, default));

    private async Task RunAsync<T>(string token, Func<PackageService, Principal, Task<Outcome<T>>> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var principal = (await services.GetRequiredService<TokenService>().AuthenticateAsync(token, default)).Principal;
        var outcome = await action(services.GetRequiredService<PackageService>(), principal);
        if (!outcome.IsOk)
        {
            throw new InvalidOperationException($"Test setup refused by the core: {outcome.Status} {outcome.Message}");
        }
    }
}
