using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredentialHub.Proofs.Storage.Migrations
{
    /// <inheritdoc />
    public partial class JobLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Edited: owner before lease_expires_at (the tool adds columns by name), the order in which the
            // hand-written migration of the previous release added them, so that every database has the same columns.
            migrationBuilder.AddColumn<string>(
                name: "owner",
                schema: "proofs",
                table: "proofs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                schema: "proofs",
                table: "proofs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_proofs_unfinished_lease",
                schema: "proofs",
                table: "proofs",
                column: "lease_expires_at",
                filter: "status IN ('Queued', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_proofs_unfinished_lease",
                schema: "proofs",
                table: "proofs");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                schema: "proofs",
                table: "proofs");

            migrationBuilder.DropColumn(
                name: "owner",
                schema: "proofs",
                table: "proofs");
        }
    }
}
