using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Proofs.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Presentation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "presentation_json",
                schema: "proofs",
                table: "proofs",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "presentation_json",
                schema: "proofs",
                table: "proofs");
        }
    }
}
