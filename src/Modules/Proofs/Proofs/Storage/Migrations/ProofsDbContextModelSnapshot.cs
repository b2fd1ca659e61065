using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CredentialHub.Proofs.Storage.Migrations;

/// <summary>The model as of the latest migration, written by hand; EF compares it with the live model.</summary>
[DbContext(typeof(ProofsDbContext))]
internal sealed class ProofsDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder
            .HasDefaultSchema("proofs")
            .HasAnnotation("ProductVersion", "10.0.14")
            .HasAnnotation("Relational:MaxIdentifierLength", 63);

        modelBuilder.Entity("CredentialHub.Proofs.Storage.ProofRecord", b =>
        {
            b.Property<Guid>("Id").HasColumnType("uuid").HasColumnName("id");
            b.Property<string>("CircuitId").IsRequired().HasColumnType("text").HasColumnName("circuit_id");
            b.Property<string>("Status").IsRequired().HasColumnType("text").HasColumnName("status");
            b.Property<string>("ProofJson").HasColumnType("text").HasColumnName("proof_json");
            b.Property<string>("PublicSignalsJson").HasColumnType("text").HasColumnName("public_signals_json");
            b.Property<string>("ErrorCode").HasColumnType("text").HasColumnName("error_code");
            b.Property<string>("Error").HasColumnType("text").HasColumnName("error");
            b.Property<DateTimeOffset>("CreatedAt").HasColumnType("timestamp with time zone").HasColumnName("created_at");
            b.Property<DateTimeOffset?>("CompletedAt").HasColumnType("timestamp with time zone").HasColumnName("completed_at");
            b.Property<double?>("WitnessMilliseconds").HasColumnType("double precision").HasColumnName("witness_milliseconds");
            b.Property<double?>("ProveMilliseconds").HasColumnType("double precision").HasColumnName("prove_milliseconds");
            b.Property<string>("PresentationJson").HasColumnType("text").HasColumnName("presentation_json");
            b.Property<string>("Owner").HasColumnType("text").HasColumnName("owner");
            b.Property<DateTimeOffset?>("LeaseExpiresAt").HasColumnType("timestamp with time zone").HasColumnName("lease_expires_at");
            b.HasKey("Id");
            b.HasIndex("CircuitId").HasDatabaseName("ix_proofs_circuit_id");
            b.HasIndex("LeaseExpiresAt").HasDatabaseName("ix_proofs_unfinished_lease").HasFilter("status IN ('Queued', 'Running')");
            b.HasIndex("CreatedAt").HasDatabaseName("ix_proofs_created_at");
            b.ToTable("proofs", "proofs");
        });

        modelBuilder.Entity("CredentialHub.Proofs.Storage.VerificationRecord", b =>
        {
            b.Property<Guid>("Id").HasColumnType("uuid").HasColumnName("id");
            b.Property<Guid?>("ProofId").HasColumnType("uuid").HasColumnName("proof_id");
            b.Property<string>("CircuitId").IsRequired().HasColumnType("text").HasColumnName("circuit_id");
            b.Property<bool>("Valid").HasColumnType("boolean").HasColumnName("valid");
            b.Property<string>("Reason").HasColumnType("text").HasColumnName("reason");
            b.Property<DateTimeOffset>("VerifiedAt").HasColumnType("timestamp with time zone").HasColumnName("verified_at");
            b.HasKey("Id");
            b.HasIndex("ProofId").HasDatabaseName("ix_verifications_proof_id");
            b.HasIndex("CircuitId").HasDatabaseName("ix_verifications_circuit_id");
            b.HasIndex("VerifiedAt").HasDatabaseName("ix_verifications_verified_at");
            b.ToTable("verifications", "proofs");
        });
    }
}
