using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Proofs.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "proofs");

            migrationBuilder.CreateTable(
                name: "proofs",
                schema: "proofs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    circuit_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    proof_json = table.Column<string>(type: "text", nullable: true),
                    public_signals_json = table.Column<string>(type: "text", nullable: true),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    witness_milliseconds = table.Column<double>(type: "double precision", nullable: true),
                    prove_milliseconds = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proofs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "verifications",
                schema: "proofs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    proof_id = table.Column<Guid>(type: "uuid", nullable: true),
                    circuit_id = table.Column<string>(type: "text", nullable: false),
                    valid = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_verifications", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_proofs_circuit_id",
                schema: "proofs",
                table: "proofs",
                column: "circuit_id");

            migrationBuilder.CreateIndex(
                name: "ix_proofs_created_at",
                schema: "proofs",
                table: "proofs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_verifications_circuit_id",
                schema: "proofs",
                table: "verifications",
                column: "circuit_id");

            migrationBuilder.CreateIndex(
                name: "ix_verifications_proof_id",
                schema: "proofs",
                table: "verifications",
                column: "proof_id");

            migrationBuilder.CreateIndex(
                name: "ix_verifications_verified_at",
                schema: "proofs",
                table: "verifications",
                column: "verified_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "proofs",
                schema: "proofs");

            migrationBuilder.DropTable(
                name: "verifications",
                schema: "proofs");
        }
    }
}
