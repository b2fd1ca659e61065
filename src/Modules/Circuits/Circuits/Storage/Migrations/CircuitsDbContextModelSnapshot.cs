using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CredentialHub.Circuits.Storage.Migrations;

/// <summary>The model as of the latest migration, written by hand; EF compares it with the live model.</summary>
[DbContext(typeof(CircuitsDbContext))]
internal sealed class CircuitsDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder
            .HasDefaultSchema("circuits")
            .HasAnnotation("ProductVersion", "10.0.14")
            .HasAnnotation("Relational:MaxIdentifierLength", 63);

        modelBuilder.Entity("CredentialHub.Circuits.Storage.StoredCircuit", b =>
        {
            b.Property<string>("Id").HasColumnType("text").HasColumnName("id");
            b.Property<string>("ConfigurationJson").IsRequired().HasColumnType("text").HasColumnName("configuration_json");
            b.Property<string>("WasmSha256").IsRequired().HasColumnType("text").HasColumnName("wasm_sha256");
            b.Property<string>("ZkeySha256").IsRequired().HasColumnType("text").HasColumnName("zkey_sha256");
            b.Property<string>("VerificationKeySha256").IsRequired().HasColumnType("text").HasColumnName("verification_key_sha256");
            b.Property<DateTimeOffset>("RegisteredAt").HasColumnType("timestamp with time zone").HasColumnName("registered_at");
            b.HasKey("Id");
            b.ToTable("circuits", "circuits");
        });

        modelBuilder.Entity("CredentialHub.Circuits.Storage.CircuitArtifact", b =>
        {
            b.Property<string>("Sha256").HasColumnType("text").HasColumnName("sha256");
            b.Property<byte[]>("Content").IsRequired().HasColumnType("bytea").HasColumnName("content");
            b.Property<long>("Size").HasColumnType("bigint").HasColumnName("size");
            b.HasKey("Sha256");
            b.ToTable("artifacts", "circuits");
        });
    }
}
