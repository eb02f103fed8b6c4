using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wharf.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContainerRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "container_blob_links",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_container_blob_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "container_uploads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: true),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_container_uploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_container_blob_links_Digest",
                table: "container_blob_links",
                column: "Digest");

            migrationBuilder.CreateIndex(
                name: "IX_container_blob_links_OwnerId_Repository_Digest",
                table: "container_blob_links",
                columns: new[] { "OwnerId", "Repository", "Digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_container_uploads_UpdatedAt",
                table: "container_uploads",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "container_blob_links");

            migrationBuilder.DropTable(
                name: "container_uploads");
        }
    }
}
