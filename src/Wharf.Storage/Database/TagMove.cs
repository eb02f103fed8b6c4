using Microsoft.EntityFrameworkCore;
using Wharf.Core.Packages;

namespace Wharf.Storage.Database;

/// <summary>Points a container tag at a version, creating it when new; the one way every store moves a tag.</summary>
internal static class TagMove
{
    private const int Attempts = 4;

    /// <summary>
    /// Moves the tag, or inserts it when no row has it. A concurrent push may create the tag between the two steps;
    /// the unique index refuses the second row without an error and the next round moves the one that won.
    /// </summary>
    public static async Task MoveTagAsync(this WharfDbContext db, long packageId, long versionId, string tag, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await db.ContainerTags.Where(t => t.PackageId == packageId && t.Name == tag)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.VersionId, versionId).SetProperty(t => t.UpdatedAt, now), cancellationToken) > 0 ||
                await db.TryInsertAsync(new ContainerTag { PackageId = packageId, VersionId = versionId, Name = tag, UpdatedAt = now }, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The tag {tag} was created and removed repeatedly while it was being moved.");
    }
}
