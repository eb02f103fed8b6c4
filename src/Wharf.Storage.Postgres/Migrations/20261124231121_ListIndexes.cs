using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wharf.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_packages_live_by_id",
                table: "packages",
                columns: new[] { "OwnerId", "Type", "Id", "Visibility", "RepositoryId" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_package_versions_live_by_id",
                table: "package_versions",
                columns: new[] { "PackageId", "Id" },
                filter: "\"DeletedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_packages_live_by_id",
                table: "packages");

            migrationBuilder.DropIndex(
                name: "IX_package_versions_live_by_id",
                table: "package_versions");
        }
    }
}
