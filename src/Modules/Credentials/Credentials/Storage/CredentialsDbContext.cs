using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Credentials.Storage;

/// <summary>
/// The credentials schema in PostgreSQL: <c>credentials.credentials</c> (one row per issued credential, its private
/// part only sealed) and <c>credentials.issuer_keys</c>, snake_case columns. A partial unique index admits one
/// issuer key with <c>retired_at IS NULL</c> at most, so instances starting together cannot both create an active
/// key (it treats NULLs as equal: PostgreSQL 15 or later). Migrations are written by hand; any change here needs a
/// new migration and the snapshot updated to match, which a test checks.
/// </summary>
internal sealed class CredentialsDbContext(DbContextOptions<CredentialsDbContext> options) : DbContext(options)
{
    public const string Schema = "credentials";

    /// <summary>The unique index that admits a single active issuer key.</summary>
    public const string OneActiveIssuerKeyIndex = "ix_issuer_keys_one_active";

    public DbSet<StoredCredential> Credentials => Set<StoredCredential>();

    public DbSet<StoredIssuerKey> IssuerKeys => Set<StoredIssuerKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<StoredCredential>(credential =>
        {
            credential.ToTable("credentials");
            credential.HasKey(c => c.Id);
            credential.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            credential.Property(c => c.Type).HasColumnName("type").IsRequired();
            credential.Property(c => c.SchemaJson).HasColumnName("schema_json").IsRequired();
            credential.Property(c => c.IssuerKeyId).HasColumnName("issuer_key_id");
            credential.Property(c => c.IssuedAt).HasColumnName("issued_at");
            credential.Property(c => c.ExpiresOn).HasColumnName("expires_on").HasColumnType("date");
            credential.Property(c => c.RevokedAt).HasColumnName("revoked_at");
            credential.Property(c => c.Sealed).HasColumnName("sealed").HasColumnType("bytea").IsRequired();
            credential.HasIndex(c => c.IssuedAt).HasDatabaseName("ix_credentials_issued_at");
        });

        modelBuilder.Entity<StoredIssuerKey>(key =>
        {
            key.ToTable("issuer_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id").ValueGeneratedNever();
            key.Property(k => k.PublicX).HasColumnName("public_x").IsRequired();
            key.Property(k => k.PublicY).HasColumnName("public_y").IsRequired();
            key.Property(k => k.SealedPrivateKey).HasColumnName("sealed_private_key").HasColumnType("bytea").IsRequired();
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
            key.Property(k => k.RetiredAt).HasColumnName("retired_at");
            // Every active key has the same value (NULL), and NULLs count as equal here: a second one is a unique violation.
            key.HasIndex(k => k.RetiredAt)
                .HasDatabaseName(OneActiveIssuerKeyIndex)
                .IsUnique()
                .HasFilter("retired_at IS NULL")
                .AreNullsDistinct(false);
        });
    }
}
