using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Wharf.Storage.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerId = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_container_blob_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "container_uploads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OwnerId = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: true),
                    Offset = table.Column<long>(type: "bigint", nullable: false),
                    Digest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
