using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Core.Containers;

/// <summary>What <c>wharf admin migrate-docker</c> did.</summary>
public sealed record DockerMigrationReport(IReadOnlyList<Package> Moved, IReadOnlyList<Package> Conflicts);

/// <summary>
/// Moves docker packages (<c>OWNER/REPOSITORY/IMAGE</c>) to the Container registry under the same name, as GitHub
/// did (behaviour §8): versions, tags and blobs stay, the package keeps its repository and inherits its access.
/// A package whose container name is taken stays a docker package, flagged as a migration conflict, and is listed
/// by the REST <c>docker/conflicts</c> endpoints. Running it again retries the conflicts.
/// </summary>
public sealed class DockerMigration(IContainerStore store, TimeProvider clock)
{
    public async Task<DockerMigrationReport> RunAsync(CancellationToken cancellationToken)
    {
        var moved = new List<Package>();
        var conflicts = new List<Package>();
        foreach (var package in await store.ListActivePackagesAsync(PackageType.Docker, cancellationToken))
        {
            (await store.TryMoveToContainerAsync(package.Id, clock.GetUtcNow().UtcDateTime, cancellationToken) ? moved : conflicts).Add(package);
        }

        return new DockerMigrationReport(moved, conflicts);
    }
}
