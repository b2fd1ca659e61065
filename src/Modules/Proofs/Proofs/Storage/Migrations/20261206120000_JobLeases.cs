using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CredentialHub.Proofs.Storage.Migrations;

/// <summary>
/// Adds proofs.owner and proofs.lease_expires_at: the instance holding a queued or running job and until when, so
/// that another instance (or the next start) can end the jobs of an instance that died. Jobs left unfinished by a
/// version without leases get a lease that runs out at once. Written by hand.
/// </summary>
[DbContext(typeof(ProofsDbContext))]
[Migration("20261206120000_JobLeases")]
internal sealed class JobLeases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "owner", schema: "proofs", table: "proofs", type: "text", nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>(name: "lease_expires_at", schema: "proofs", table: "proofs", type: "timestamp with time zone", nullable: true);
        migrationBuilder.CreateIndex(name: "ix_proofs_unfinished_lease", schema: "proofs", table: "proofs", column: "lease_expires_at", filter: "status IN ('Queued', 'Running')");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "ix_proofs_unfinished_lease", schema: "proofs", table: "proofs");
        migrationBuilder.DropColumn(name: "lease_expires_at", schema: "proofs", table: "proofs");
        migrationBuilder.DropColumn(name: "owner", schema: "proofs", table: "proofs");
    }
}
