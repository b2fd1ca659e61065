using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// The proofs schema in PostgreSQL: tables <c>proofs.proofs</c> and <c>proofs.verifications</c>, snake_case
/// columns, the status as text. There is deliberately no column for inputs or the witness: the store keeps only
/// what a proof makes public. The migrations are written by hand (no EF design-time tooling here); any change to
/// this model needs a new migration and the snapshot updated to match, which a test checks.
/// </summary>
internal sealed class ProofsDbContext(DbContextOptions<ProofsDbContext> options) : DbContext(options)
{
    public const string Schema = "proofs";

    public DbSet<ProofRecord> Proofs => Set<ProofRecord>();

    public DbSet<VerificationRecord> Verifications => Set<VerificationRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<ProofRecord>(proof =>
        {
            proof.ToTable("proofs");
            proof.HasKey(p => p.Id);
            proof.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
            proof.Property(p => p.CircuitId).HasColumnName("circuit_id").IsRequired();
            proof.Property(p => p.Status).HasColumnName("status").HasConversion<string>().IsRequired();
            proof.Property(p => p.ProofJson).HasColumnName("proof_json");
            proof.Property(p => p.PublicSignalsJson).HasColumnName("public_signals_json");
            proof.Property(p => p.ErrorCode).HasColumnName("error_code");
            proof.Property(p => p.Error).HasColumnName("error");
            proof.Property(p => p.CreatedAt).HasColumnName("created_at");
            proof.Property(p => p.CompletedAt).HasColumnName("completed_at");
            proof.Property(p => p.WitnessMilliseconds).HasColumnName("witness_milliseconds");
            proof.Property(p => p.ProveMilliseconds).HasColumnName("prove_milliseconds");
            proof.Property(p => p.PresentationJson).HasColumnName("presentation_json");
            proof.Property(p => p.Owner).HasColumnName("owner");
            proof.Property(p => p.LeaseExpiresAt).HasColumnName("lease_expires_at");
            proof.HasIndex(p => p.CircuitId).HasDatabaseName("ix_proofs_circuit_id");
            proof.HasIndex(p => p.LeaseExpiresAt).HasDatabaseName("ix_proofs_unfinished_lease").HasFilter("status IN ('Queued', 'Running')");
            proof.HasIndex(p => p.CreatedAt).HasDatabaseName("ix_proofs_created_at");
        });

        modelBuilder.Entity<VerificationRecord>(verification =>
        {
            verification.ToTable("verifications");
            verification.HasKey(v => v.Id);
            verification.Property(v => v.Id).HasColumnName("id").ValueGeneratedNever();
            verification.Property(v => v.ProofId).HasColumnName("proof_id");
            verification.Property(v => v.CircuitId).HasColumnName("circuit_id").IsRequired();
            verification.Property(v => v.Valid).HasColumnName("valid");
            verification.Property(v => v.Reason).HasColumnName("reason");
            verification.Property(v => v.VerifiedAt).HasColumnName("verified_at");
            verification.HasIndex(v => v.ProofId).HasDatabaseName("ix_verifications_proof_id");
            verification.HasIndex(v => v.CircuitId).HasDatabaseName("ix_verifications_circuit_id");
            verification.HasIndex(v => v.VerifiedAt).HasDatabaseName("ix_verifications_verified_at");
        });
    }
}
