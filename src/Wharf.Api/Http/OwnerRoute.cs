namespace Wharf.Api.Http;

/// <summary>The three namespaces GitHub's packages API is addressed through.</summary>
public enum OwnerRoute
{
    /// <summary><c>/user/...</c>: the caller's own namespace.</summary>
    AuthenticatedUser = 0,

    /// <summary><c>/users/{username}/...</c>.</summary>
    User = 1,

    /// <summary><c>/orgs/{org}/...</c>.</summary>
    Organization = 2,
}
