using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Circuits.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "circuits");

            migrationBuilder.CreateTable(
                name: "artifacts",
                schema: "circuits",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_artifacts", x => x.sha256);
                });

            migrationBuilder.CreateTable(
                name: "circuits",
                schema: "circuits",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    configuration_json = table.Column<string>(type: "text", nullable: false),
                    wasm_sha256 = table.Column<string>(type: "text", nullable: false),
                    zkey_sha256 = table.Column<string>(type: "text", nullable: false),
                    verification_key_sha256 = table.Column<string>(type: "text", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_circuits", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "artifacts",
                schema: "circuits");

            migrationBuilder.DropTable(
                name: "circuits",
                schema: "circuits");
        }
    }
}
