using Wharf.Api.Http;

namespace Wharf.Api.Endpoints;

/// <summary>The documentation anchor of each packages operation, per namespace, as GitHub's error bodies cite them.</summary>
internal static class PackageOperations
{
    private const string Docs = GitHubError.PackagesDocs + "#";

    public static string ListPackages(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "list-packages-for-the-authenticated-users-namespace",
        OwnerRoute.User => "list-packages-for-a-user",
        _ => "list-packages-for-an-organization",
    };

    public static string GetPackage(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "get-a-package-for-the-authenticated-user",
        OwnerRoute.User => "get-a-package-for-a-user",
        _ => "get-a-package-for-an-organization",
    };

    public static string DeletePackage(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "delete-a-package-for-the-authenticated-user",
        OwnerRoute.User => "delete-a-package-for-a-user",
        _ => "delete-a-package-for-an-organization",
    };

    public static string RestorePackage(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "restore-a-package-for-the-authenticated-user",
        OwnerRoute.User => "restore-a-package-for-a-user",
        _ => "restore-a-package-for-an-organization",
    };

    public static string ListVersions(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "list-package-versions-for-a-package-owned-by-the-authenticated-user",
        OwnerRoute.User => "list-package-versions-for-a-package-owned-by-a-user",
        _ => "list-package-versions-for-a-package-owned-by-an-organization",
    };

    public static string GetVersion(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "get-a-package-version-for-the-authenticated-user",
        OwnerRoute.User => "get-a-package-version-for-a-user",
        _ => "get-a-package-version-for-an-organization",
    };

    public static string DeleteVersion(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "delete-a-package-version-for-the-authenticated-user",
        OwnerRoute.User => "delete-package-version-for-a-user",
        _ => "delete-package-version-for-an-organization",
    };

    public static string RestoreVersion(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "restore-a-package-version-for-the-authenticated-user",
        OwnerRoute.User => "restore-package-version-for-a-user",
        _ => "restore-package-version-for-an-organization",
    };

    public static string DockerConflicts(OwnerRoute route) => Docs + route switch
    {
        OwnerRoute.AuthenticatedUser => "get-list-of-conflicting-packages-during-docker-migration-for-authenticated-user",
        OwnerRoute.User => "get-list-of-conflicting-packages-during-docker-migration-for-user",
        _ => "get-list-of-conflicting-packages-during-docker-migration-for-organization",
    };
}
