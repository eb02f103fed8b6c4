using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Core.Urls;

/// <summary>Builds every URL the server writes from the one configured external base.</summary>
public sealed class WharfUrls
{
    /// <summary>Where the npm registry answers on the main host (the path form).</summary>
    public const string NpmPath = "/_registry/npm";

    public WharfUrls(string externalUrl, bool subdomainIsolation = false)
    {
        Base = externalUrl.TrimEnd('/');
        Api = Base + "/api/v3";
        NpmByPath = Base + NpmPath;

        // Subdomains of a host name; an address such as 127.0.0.1 has none, so it keeps the path form.
        var external = new Uri(Base);
        Npm = subdomainIsolation && external.HostNameType == UriHostNameType.Dns
            ? $"{external.Scheme}://npm.{external.Authority}"
            : NpmByPath;
    }

    /// <summary>The web base, e.g. <c>http://wharf.example</c>; html_url values start here.</summary>
    public string Base { get; }

    /// <summary>The REST API base, <c>{Base}/api/v3</c>, as for GitHub Enterprise Server.</summary>
    public string Api { get; }

    /// <summary>The npm registry's base: <c>{Base}/_registry/npm</c>, or <c>npm.HOST</c> with subdomain isolation.</summary>
    public string Npm { get; }

    /// <summary>
    /// The npm registry's base in the path form, <c>{Base}/_registry/npm</c>, which answers with subdomain isolation on
    /// too: the base of the URLs written to a client that asked there.
    /// </summary>
    public string NpmByPath { get; }

    public string Host => new Uri(Base).Authority;

    public string User(Account account) => $"{Api}/users/{account.Login}";

    public string UserHtml(Account account) => $"{Base}/{account.Login}";

    public string Organization(Account account) => $"{Api}/orgs/{account.Login}";

    public string Avatar(Account account) => $"{Base}/avatars/u/{account.Id}?v=4";

    public string Repository(Account owner, Repository repository) => $"{Api}/repos/{owner.Login}/{repository.Name}";

    public string RepositoryHtml(Account owner, Repository repository) => $"{Base}/{owner.Login}/{repository.Name}";

    /// <summary>Names with '/' (nested container images) are written with %2F, as GitHub writes them.</summary>
    public static string EscapeName(string name) => Uri.EscapeDataString(name);

    public string Package(Account owner, Package package) =>
        $"{Api}/{Namespace(owner)}/{owner.Login}/packages/{package.Type.ToName()}/{EscapeName(package.Name)}";

    public string PackageHtml(Account owner, Package package, Repository? repository, bool repositoryScoped) =>
        repositoryScoped && repository is not null
            ? $"{RepositoryHtml(owner, repository)}/packages/{package.Id}"
            : $"{Base}/{Namespace(owner)}/{owner.Login}/packages/{package.Type.ToName()}/package/{EscapeName(package.Name)}";

    public string Version(Account owner, Package package, PackageVersion version) => $"{Package(owner, package)}/versions/{version.Id}";

    public string VersionHtml(Account owner, Package package, PackageVersion version, Repository? repository, bool repositoryScoped) =>
        repositoryScoped && repository is not null
            ? $"{RepositoryHtml(owner, repository)}/packages/{package.Id}?version={Uri.EscapeDataString(version.Name)}"
            : $"{Base}/{Namespace(owner)}/{owner.Login}/packages/{package.Type.ToName()}/{EscapeName(package.Name)}/{version.Id}";

    private static string Namespace(Account owner) => owner.IsOrganization ? "orgs" : "users";
}
