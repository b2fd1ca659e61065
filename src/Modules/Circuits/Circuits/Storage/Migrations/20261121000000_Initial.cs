using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CredentialHub.Circuits.Storage.Migrations;

/// <summary>Creates the circuits schema: circuits and artifacts. Written by hand.</summary>
[DbContext(typeof(CircuitsDbContext))]
[Migration("20261121000000_Initial")]
internal sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema(name: "circuits");

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
                registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_circuits", x => x.id));

        migrationBuilder.CreateTable(
            name: "artifacts",
            schema: "circuits",
            columns: table => new
            {
                sha256 = table.Column<string>(type: "text", nullable: false),
                content = table.Column<byte[]>(type: "bytea", nullable: false),
                size = table.Column<long>(type: "bigint", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_artifacts", x => x.sha256));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "artifacts", schema: "circuits");
        migrationBuilder.DropTable(name: "circuits", schema: "circuits");
    }
}
