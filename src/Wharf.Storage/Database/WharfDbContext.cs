using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;

namespace Wharf.Storage.Database;

/// <summary>
/// The one metadata schema. Each provider project derives from it and carries its own migrations; the stores only
/// ever see this base type.
/// </summary>
public abstract class WharfDbContext(DbContextOptions options) : DbContext(options)
{
    // Soft-deleted rows keep their names; uniqueness holds among live rows only (GitHub frees a deleted name).
    private const string LiveRowsOnly = "\"DeletedAt\" IS NULL";

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<OrganizationMembership> OrganizationMemberships => Set<OrganizationMembership>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<Repository> Repositories => Set<Repository>();

    public DbSet<RepositoryCollaborator> RepositoryCollaborators => Set<RepositoryCollaborator>();

    public DbSet<TeamRepositoryGrant> TeamRepositoryGrants => Set<TeamRepositoryGrant>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<TokenSsoAuthorization> TokenSsoAuthorizations => Set<TokenSsoAuthorization>();

    public DbSet<Package> Packages => Set<Package>();

    public DbSet<PackageVersion> PackageVersions => Set<PackageVersion>();

    public DbSet<PackageFile> PackageFiles => Set<PackageFile>();

    public DbSet<ContainerTag> ContainerTags => Set<ContainerTag>();

    public DbSet<PackageGrant> PackageGrants => Set<PackageGrant>();

    /// <summary>True when the save failed on a unique index: the database, not a prior check, decides duplicates.</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; SQLite hands back unspecified kinds, which would print without the 'Z'.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.Property(a => a.Login).HasMaxLength(64);
            e.Property(a => a.LoginKey).HasMaxLength(64);
            e.HasIndex(a => a.LoginKey).IsUnique();
            e.Ignore(a => a.IsOrganization);
        });
        modelBuilder.Entity<OrganizationMembership>(e =>
        {
            e.ToTable("organization_memberships");
            e.HasKey(m => new { m.OrganizationId, m.UserId });
            e.HasIndex(m => m.UserId);
        });
        modelBuilder.Entity<Team>(e =>
        {
            e.ToTable("teams");
            e.HasIndex(t => new { t.OrganizationId, t.Slug }).IsUnique();
        });
        modelBuilder.Entity<TeamMembership>(e =>
        {
            e.ToTable("team_memberships");
            e.HasKey(m => new { m.TeamId, m.UserId });
            e.HasIndex(m => m.UserId);
        });
        modelBuilder.Entity<Repository>(e =>
        {
            e.ToTable("repositories");
            e.HasIndex(r => new { r.OwnerId, r.NameKey }).IsUnique();
            e.Ignore(r => r.IsPrivate);
        });
        modelBuilder.Entity<RepositoryCollaborator>(e =>
        {
            e.ToTable("repository_collaborators");
            e.HasKey(c => new { c.RepositoryId, c.UserId });
            e.HasIndex(c => c.UserId);
        });
        modelBuilder.Entity<TeamRepositoryGrant>(e =>
        {
            e.ToTable("team_repositories");
            e.HasKey(g => new { g.TeamId, g.RepositoryId });
            e.HasIndex(g => g.RepositoryId);
        });
        modelBuilder.Entity<AccessToken>(e =>
        {
            e.ToTable("access_tokens");
            e.Property(t => t.Hash).HasMaxLength(64);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
        });
        modelBuilder.Entity<TokenSsoAuthorization>(e =>
        {
            e.ToTable("token_sso_authorizations");
            e.HasKey(a => new { a.TokenId, a.OrganizationId });
        });
        modelBuilder.Entity<Package>(e =>
        {
            e.ToTable("packages");
            e.HasIndex(p => new { p.OwnerId, p.Type, p.NameKey }).IsUnique().HasFilter(LiveRowsOnly);
            e.HasIndex(p => new { p.OwnerId, p.Type, p.DeletedAt, p.Id });

            // Lists walk live packages in id order; Visibility and RepositoryId make the index covering for the
            // permission filter of non-owners.
            e.HasIndex(p => new { p.OwnerId, p.Type, p.Id, p.Visibility, p.RepositoryId }, "IX_packages_live_by_id").HasFilter(LiveRowsOnly);
            e.HasIndex(p => p.RepositoryId);
        });
        modelBuilder.Entity<PackageVersion>(e =>
        {
            e.ToTable("package_versions");
            e.HasIndex(v => new { v.PackageId, v.Name }).IsUnique().HasFilter(LiveRowsOnly);
            e.HasIndex(v => new { v.PackageId, v.DeletedAt, v.Id });
            e.HasIndex(v => new { v.PackageId, v.Id }, "IX_package_versions_live_by_id").HasFilter(LiveRowsOnly);
        });
        modelBuilder.Entity<PackageFile>(e =>
        {
            e.ToTable("package_files");
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.HasIndex(f => f.VersionId);
            e.HasIndex(f => f.Sha256);
        });
        modelBuilder.Entity<ContainerTag>(e =>
        {
            e.ToTable("container_tags");
            e.HasIndex(t => new { t.PackageId, t.Name }).IsUnique();
            e.HasIndex(t => t.VersionId);
        });
        modelBuilder.Entity<PackageGrant>(e =>
        {
            e.ToTable("package_grants");
            e.HasIndex(g => g.PackageId);
            e.HasIndex(g => g.UserId);
            e.HasIndex(g => g.TeamId);
        });
        ContainerModel.Configure(modelBuilder);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
