using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wharf.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_container_blob_links_OwnerId_Repository_Digest",
                table: "container_blob_links");

            migrationBuilder.AddColumn<string>(
                name: "ClaimHolder",
                table: "container_uploads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UserId",
                table: "container_blob_links",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_container_blob_links_OwnerId_Repository_Digest_UserId",
                table: "container_blob_links",
                columns: new[] { "OwnerId", "Repository", "Digest", "UserId" },
                unique: true);

            // Links left by images deleted before this migration would let whoever pushes the name next reuse their
            // layers; a restore makes them again from the versions' files (3: docker, 5: container).
            migrationBuilder.Sql("""
                DELETE FROM container_blob_links
                WHERE EXISTS (SELECT 1 FROM packages p WHERE p."OwnerId" = container_blob_links."OwnerId"
                              AND p."NameKey" = container_blob_links."Repository" AND p."Type" IN (3, 5) AND p."DeletedAt" IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM packages p WHERE p."OwnerId" = container_blob_links."OwnerId"
                              AND p."NameKey" = container_blob_links."Repository" AND p."Type" IN (3, 5) AND p."DeletedAt" IS NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_container_blob_links_OwnerId_Repository_Digest_UserId",
                table: "container_blob_links");

            migrationBuilder.DropColumn(
                name: "ClaimHolder",
                table: "container_uploads");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "container_blob_links");

            migrationBuilder.CreateIndex(
                name: "IX_container_blob_links_OwnerId_Repository_Digest",
                table: "container_blob_links",
                columns: new[] { "OwnerId", "Repository", "Digest" },
                unique: true);
        }
    }
}
