using Microsoft.EntityFrameworkCore;
using Wharf.Core.Containers;

namespace Wharf.Storage.Database;

/// <summary>The container registry's tables: upload sessions and per-image blob links.</summary>
public static class ContainerModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContainerUpload>(e =>
        {
            e.ToTable("container_uploads");
            e.Property(u => u.Id).HasMaxLength(32);
            e.Property(u => u.Digest).HasMaxLength(64);
            e.Property(u => u.ClaimId).HasMaxLength(32);
            e.Property(u => u.ClaimHolder).HasMaxLength(200);
            e.HasIndex(u => u.UpdatedAt);
        });
        modelBuilder.Entity<ContainerBlobLink>(e =>
        {
            e.ToTable("container_blob_links");
            e.Property(l => l.Digest).HasMaxLength(64);
            e.HasIndex(l => new { l.OwnerId, l.Repository, l.Digest, l.UserId }).IsUnique();
            e.HasIndex(l => l.Digest);
        });
    }
}
