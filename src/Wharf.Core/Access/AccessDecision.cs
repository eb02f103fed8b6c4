namespace Wharf.Core.Access;

/// <summary>The answer of <see cref="AccessPolicy"/>; <see cref="Message"/> explains a 403 in words a user can act on.</summary>
public sealed record AccessDecision(AccessOutcome Outcome, string? Message = null, PackageDenial Reason = PackageDenial.None)
{
    public static readonly AccessDecision Allowed = new(AccessOutcome.Allow);
    public static readonly AccessDecision NotFound = new(AccessOutcome.DenyAsNotFound, "Package not found.", PackageDenial.NotReadable);
    public static readonly AccessDecision Unauthenticated = new(AccessOutcome.DenyAsUnauthenticated, "Requires authentication", PackageDenial.Unauthenticated);

    public bool IsAllowed => Outcome == AccessOutcome.Allow;

    public static AccessDecision Forbidden(string message, PackageDenial reason) => new(AccessOutcome.DenyAsForbidden, message, reason);
}

/// <summary>Why access was refused, for surfaces that speak in codes (OCI's DENIED, npm's permission errors).</summary>
public enum PackageDenial
{
    None = 0,
    Unauthenticated = 1,
    NotReadable = 2,
    MissingScope = 3,
    InsufficientRole = 4,
    SsoRequired = 5,

    /// <summary>
    /// A new repository-scoped package names no repository it can be linked to, and the caller could publish it with
    /// one (they can write to a repository of the owner): what to fix is the link.
    /// </summary>
    RepositoryRequired = 6,
}
