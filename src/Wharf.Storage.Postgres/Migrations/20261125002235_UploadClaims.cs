using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wharf.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UploadClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimId",
                table: "container_uploads",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            // Before this column a chunk marked its claim by storing the offset N as -(N + 1); such a claim belonged to
            // a server that is gone now, so give those sessions their offset back.
            migrationBuilder.Sql("UPDATE container_uploads SET \"Offset\" = -\"Offset\" - 1 WHERE \"Offset\" < 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimId",
                table: "container_uploads");
        }
    }
}
