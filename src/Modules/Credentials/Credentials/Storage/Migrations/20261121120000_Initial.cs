using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Credentials.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "credentials");

            migrationBuilder.CreateTable(
                name: "credentials",
                schema: "credentials",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    schema_json = table.Column<string>(type: "text", nullable: false),
                    issuer_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    @sealed = table.Column<byte[]>(name: "sealed", type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credentials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "issuer_keys",
                schema: "credentials",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    public_x = table.Column<string>(type: "text", nullable: false),
                    public_y = table.Column<string>(type: "text", nullable: false),
                    sealed_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_issuer_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credentials_issued_at",
                schema: "credentials",
                table: "credentials",
                column: "issued_at");

            migrationBuilder.CreateIndex(
                name: "ix_issuer_keys_one_active",
                schema: "credentials",
                table: "issuer_keys",
                column: "retired_at",
                unique: true,
                filter: "retired_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credentials",
                schema: "credentials");

            migrationBuilder.DropTable(
                name: "issuer_keys",
                schema: "credentials");
        }
    }
}
