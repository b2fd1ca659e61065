using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CredentialHub.Proofs.Storage.Migrations;

/// <summary>Adds proofs.presentation_json: a credential proof's presentation (the schema's names and types, no values). Written by hand.</summary>
[DbContext(typeof(ProofsDbContext))]
[Migration("20261121120000_Presentation")]
internal sealed class Presentation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "presentation_json", schema: "proofs", table: "proofs", type: "text", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "presentation_json", schema: "proofs", table: "proofs");
}
