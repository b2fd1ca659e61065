using CredentialHub.Security.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CredentialHub.Security.Storage;

/// <summary>
/// The security schema in PostgreSQL: <c>security.api_keys</c>, one row per API key (its SHA-256, never the key),
/// snake_case columns, scopes as one space-separated text. Migrations are written by hand; any change here needs a
/// new migration and the snapshot updated to match, which a test checks.
/// </summary>
internal sealed class SecurityDbContext(DbContextOptions<SecurityDbContext> options) : DbContext(options)
{
    public const string Schema = "security";

    /// <summary>The unique index on the keys' hashes.</summary>
    public const string UniqueHashIndex = "ix_api_keys_sha256";

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<ApiKeyRecord>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id").ValueGeneratedNever();
            key.Property(k => k.Name).HasColumnName("name").IsRequired();
            key.Property(k => k.Prefix).HasColumnName("prefix").IsRequired();
            key.Property(k => k.Sha256).HasColumnName("sha256").IsRequired();
            key.Property(k => k.Scopes)
                .HasColumnName("scopes")
                .HasColumnType("text")
                .IsRequired()
                .HasConversion(
                    scopes => string.Join(" ", scopes),
                    text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    new ValueComparer<IReadOnlyList<string>>(
                        (a, b) => a!.SequenceEqual(b!),
                        scopes => scopes.Aggregate(0, (hash, scope) => HashCode.Combine(hash, scope.GetHashCode(StringComparison.Ordinal))),
                        scopes => scopes.ToArray()));
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
            key.Property(k => k.RevokedAt).HasColumnName("revoked_at");
            key.Property(k => k.ReplacedBy).HasColumnName("replaced_by");
            key.HasIndex(k => k.Sha256).HasDatabaseName(UniqueHashIndex).IsUnique();
        });
    }
}
