using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Repositories;

namespace Wharf.Core.Packages;

/// <summary>"Publish this version with these files": the one call a registry makes to publish.</summary>
public sealed record PublishRequest
{
    public required Principal Principal { get; init; }

    public required Account Owner { get; init; }

    public required PackageType Type { get; init; }

    /// <summary>The package name as the REST API shows it (npm without scope, container with slashes).</summary>
    public required string Name { get; init; }

    public required string Version { get; init; }

    public string? Description { get; init; }

    public string? License { get; init; }

    /// <summary>Registry-specific version metadata, as JSON.</summary>
    public string? Metadata { get; init; }

    /// <summary>The repository the package names (npm repository, NuGet RepositoryUrl, image source label).</summary>
    public Repository? Repository { get; init; }

    /// <summary>Files already written to the blob store; recorded with the version in one transaction.</summary>
    public IReadOnlyList<PublishedFile> Files { get; init; } = [];

    /// <summary>Container tags to point at this version (moved from other versions if they held them).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

public sealed record PublishedFile(string Name, string? ContentType, BlobWriteResult Blob);
