using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Circuits.Storage.Migrations
{
    /// <inheritdoc />
    public partial class R1csSha256 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "r1cs_sha256",
                schema: "circuits",
                table: "circuits",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "r1cs_sha256",
                schema: "circuits",
                table: "circuits");
        }
    }
}
