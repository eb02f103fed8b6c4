using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Hosting;

/// <summary>
/// On the first start (no site administrator yet) makes one and prints its token once; on every start prints
/// where each client should point.
/// </summary>
public static class FirstStart
{
    /// <summary>Every scope Wharf checks, so the first token can do everything it needs to.</summary>
    private static readonly string[] AdminScopes =
        [Scope.Repo, Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages, Scope.AdminOrg, Scope.User, Scope.SiteAdmin];

    public static async Task RunAsync(IServiceProvider services, WharfSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
        var urls = scope.ServiceProvider.GetRequiredService<WharfUrls>();
        string? secret = null;
        if (!await accounts.AnySiteAdminAsync(cancellationToken))
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateUserAsync(settings.Bootstrap.AdminLogin, null, siteAdmin: true, cancellationToken);

            // Another node may have won the race to create the administrator; it prints the token, not us.
            if (created.IsOk)
            {
                (_, secret) = await scope.ServiceProvider.GetRequiredService<TokenService>()
                    .CreateAsync(created.Value!.Id, new ScopeSet(AdminScopes), "first start", TokenKind.Personal, null, cancellationToken);
            }
        }

        await output.WriteLineAsync(Banner(urls, ListeningAddresses(services, settings), settings, secret));
        await output.FlushAsync(cancellationToken);
    }

    internal static string Banner(WharfUrls urls, IReadOnlyCollection<string> listening, WharfSettings settings, string? secret)
    {
        var host = urls.Host;
        var npm = new Uri(urls.Npm);
        var npmKey = $"//{npm.Authority}{npm.AbsolutePath.TrimEnd('/')}/:_authToken";
        var token = secret ?? "<TOKEN>";
        var lines = new List<string> { $"Wharf is listening on {string.Join(", ", listening)} (external URL {urls.Base})", "" };
        if (secret is not null)
        {
            lines.Add($"First start: created the site administrator '{settings.Bootstrap.AdminLogin}'. Its token, shown only this once:");
            lines.Add("");
            lines.Add("    " + secret);
            lines.Add("");
            lines.Add("Keep it safe; make more users and tokens with `wharf admin` or POST /api/v3/admin/users.");
            lines.Add("");
        }

        lines.AddRange(
        [
            "Point your clients at:",
            $"  REST API (Octokit, gh)  {urls.Api}      gh: GH_HOST={host} GH_ENTERPRISE_TOKEN={token} gh api /user" +
                (urls.Base.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "" : "   (gh needs HTTPS: see the README)"),
            $"  npm                     {urls.Npm}/      .npmrc: @OWNER:registry={urls.Npm}/",
            $"                          {npmKey}={token}",
            $"  NuGet                   {urls.Base}/_registry/nuget/OWNER/index.json      (not served yet)",
            $"  RubyGems                {urls.Base}/_registry/rubygems/OWNER      (not served yet)",
            $"  Maven/Gradle            {urls.Base}/_registry/maven/OWNER/REPOSITORY      (not served yet)",
            $"  Containers (OCI)        {host}/OWNER/IMAGE      skopeo/docker login {host} -u USER -p {token}",
        ]);
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// What Kestrel actually bound: with port 0 the configured URL names no port, and whoever started the process
    /// (a script, a test) needs the real one to connect.
    /// </summary>
    private static IReadOnlyCollection<string> ListeningAddresses(IServiceProvider services, WharfSettings settings)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is { Count: > 0 } ? [.. addresses] : [settings.Urls];
    }
}
