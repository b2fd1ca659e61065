using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CredentialHub.Security.Storage.Migrations;

/// <summary>The model as of the latest migration, written by hand; EF compares it with the live model.</summary>
[DbContext(typeof(SecurityDbContext))]
internal sealed class SecurityDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder
            .HasDefaultSchema("security")
            .HasAnnotation("ProductVersion", "10.0.14")
            .HasAnnotation("Relational:MaxIdentifierLength", 63);

        modelBuilder.Entity("CredentialHub.Security.Keys.ApiKeyRecord", b =>
        {
            b.Property<Guid>("Id").HasColumnType("uuid").HasColumnName("id");
            b.Property<string>("Name").IsRequired().HasColumnType("text").HasColumnName("name");
            b.Property<string>("Prefix").IsRequired().HasColumnType("text").HasColumnName("prefix");
            b.Property<string>("Sha256").IsRequired().HasColumnType("text").HasColumnName("sha256");
            b.Property<string>("Scopes").IsRequired().HasColumnType("text").HasColumnName("scopes");
            b.Property<DateTimeOffset>("CreatedAt").HasColumnType("timestamp with time zone").HasColumnName("created_at");
            b.Property<DateTimeOffset?>("RevokedAt").HasColumnType("timestamp with time zone").HasColumnName("revoked_at");
            b.Property<Guid?>("ReplacedBy").HasColumnType("uuid").HasColumnName("replaced_by");
            b.HasKey("Id");
            b.HasIndex("Sha256").IsUnique().HasDatabaseName("ix_api_keys_sha256");
            b.ToTable("api_keys", "security");
        });
    }
}
