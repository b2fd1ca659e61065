using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Circuits.Storage;

/// <summary>
/// The circuits schema in PostgreSQL: <c>circuits.circuits</c> (metadata, one row per registered id) and
/// <c>circuits.artifacts</c> (content stored once per SHA-256). Migrations are written by hand; any change here
/// needs a new migration and the snapshot updated to match, which a test checks.
/// </summary>
internal sealed class CircuitsDbContext(DbContextOptions<CircuitsDbContext> options) : DbContext(options)
{
    public const string Schema = "circuits";

    public DbSet<StoredCircuit> Circuits => Set<StoredCircuit>();

    public DbSet<CircuitArtifact> Artifacts => Set<CircuitArtifact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<StoredCircuit>(circuit =>
        {
            circuit.ToTable("circuits");
            circuit.HasKey(c => c.Id);
            circuit.Property(c => c.Id).HasColumnName("id");
            circuit.Property(c => c.ConfigurationJson).HasColumnName("configuration_json").IsRequired();
            circuit.Property(c => c.WasmSha256).HasColumnName("wasm_sha256").IsRequired();
            circuit.Property(c => c.ZkeySha256).HasColumnName("zkey_sha256").IsRequired();
            circuit.Property(c => c.VerificationKeySha256).HasColumnName("verification_key_sha256").IsRequired();
            circuit.Property(c => c.RegisteredAt).HasColumnName("registered_at");
        });

        modelBuilder.Entity<CircuitArtifact>(artifact =>
        {
            artifact.ToTable("artifacts");
            artifact.HasKey(a => a.Sha256);
            artifact.Property(a => a.Sha256).HasColumnName("sha256");
            artifact.Property(a => a.Content).HasColumnName("content").IsRequired();
            artifact.Property(a => a.Size).HasColumnName("size");
        });
    }
}
