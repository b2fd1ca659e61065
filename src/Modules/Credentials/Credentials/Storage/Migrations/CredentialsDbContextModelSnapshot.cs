using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CredentialHub.Credentials.Storage.Migrations;

/// <summary>The model as of the latest migration, written by hand; EF compares it with the live model.</summary>
[DbContext(typeof(CredentialsDbContext))]
internal sealed class CredentialsDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder
            .HasDefaultSchema("credentials")
            .HasAnnotation("ProductVersion", "10.0.14")
            .HasAnnotation("Relational:MaxIdentifierLength", 63);

        modelBuilder.Entity("CredentialHub.Credentials.Storage.StoredCredential", b =>
        {
            b.Property<Guid>("Id").HasColumnType("uuid").HasColumnName("id");
            b.Property<string>("Type").IsRequired().HasColumnType("text").HasColumnName("type");
            b.Property<string>("SchemaJson").IsRequired().HasColumnType("text").HasColumnName("schema_json");
            b.Property<Guid>("IssuerKeyId").HasColumnType("uuid").HasColumnName("issuer_key_id");
            b.Property<DateTimeOffset>("IssuedAt").HasColumnType("timestamp with time zone").HasColumnName("issued_at");
            b.Property<DateOnly>("ExpiresOn").HasColumnType("date").HasColumnName("expires_on");
            b.Property<DateTimeOffset?>("RevokedAt").HasColumnType("timestamp with time zone").HasColumnName("revoked_at");
            b.Property<byte[]>("Sealed").IsRequired().HasColumnType("bytea").HasColumnName("sealed");
            b.HasKey("Id");
            b.HasIndex("IssuedAt").HasDatabaseName("ix_credentials_issued_at");
            b.ToTable("credentials", "credentials");
        });

        modelBuilder.Entity("CredentialHub.Credentials.Storage.StoredIssuerKey", b =>
        {
            b.Property<Guid>("Id").HasColumnType("uuid").HasColumnName("id");
            b.Property<string>("PublicX").IsRequired().HasColumnType("text").HasColumnName("public_x");
            b.Property<string>("PublicY").IsRequired().HasColumnType("text").HasColumnName("public_y");
            b.Property<byte[]>("SealedPrivateKey").IsRequired().HasColumnType("bytea").HasColumnName("sealed_private_key");
            b.Property<DateTimeOffset>("CreatedAt").HasColumnType("timestamp with time zone").HasColumnName("created_at");
            b.Property<DateTimeOffset?>("RetiredAt").HasColumnType("timestamp with time zone").HasColumnName("retired_at");
            b.HasKey("Id");
            b.HasIndex("RetiredAt")
                .IsUnique()
                .HasDatabaseName("ix_issuer_keys_one_active")
                .HasFilter("retired_at IS NULL")
                .HasAnnotation("Npgsql:NullsDistinct", false);
            b.ToTable("issuer_keys", "credentials");
        });
    }
}
