namespace Wharf.Api.Tests.Packages;

/// <summary>
/// One of the three namespaces GitHub's packages API is addressed through (<c>/user</c>, <c>/users/{username}</c>,
/// <c>/orgs/{org}</c>) and the paths under it, relative to the server. Package names are escaped as GitHub's clients
/// send them, so a container named <c>team/app</c> travels as <c>team%2Fapp</c>.
/// </summary>
public sealed record PackageNamespace(string Kind, string? Login)
{
    public static PackageNamespace AuthenticatedUser { get; } = new("user", null);

    public static PackageNamespace User(string login) => new("users", login);

    public static PackageNamespace Organization(string login) => new("orgs", login);

    /// <summary>The namespace prefix under the API base, e.g. <c>api/v3/orgs/acme</c>.</summary>
    public string Prefix => Login is null ? "api/v3/user" : $"api/v3/{Kind}/{Login}";

    public string Packages(string type, string? query = null) => $"{Prefix}/packages?package_type={type}" + (query is null ? "" : "&" + query);

    /// <summary>The list path with a query of the caller's choosing (or none, to leave out <c>package_type</c>).</summary>
    public string PackagesWithQuery(string query) => $"{Prefix}/packages{query}";

    public string DockerConflicts => $"{Prefix}/docker/conflicts";

    public string Package(string type, string name) => $"{Prefix}/packages/{type}/{Uri.EscapeDataString(name)}";

    public string RestorePackage(string type, string name, string? query = null) =>
        Package(type, name) + "/restore" + (query is null ? "" : "?" + query);

    public string Versions(string type, string name, string? query = null) =>
        Package(type, name) + "/versions" + (query is null ? "" : "?" + query);

    public string Version(string type, string name, long versionId) => $"{Package(type, name)}/versions/{versionId}";

    public string RestoreVersion(string type, string name, long versionId) => Version(type, name, versionId) + "/restore";

    public override string ToString() => Login is null ? "/user" : $"/{Kind}/{Login}";
}
