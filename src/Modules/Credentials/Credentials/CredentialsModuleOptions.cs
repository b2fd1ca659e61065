using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Credentials;

/// <summary>
/// The Credentials module's settings, bound from the configuration under their names (appsettings.json, then
/// environment variables) and validated at start.
/// </summary>
public sealed class CredentialsModuleOptions : IValidatableObject
{
    /// <summary>The circuit proofs from credentials are made on.</summary>
    public string CircuitId { get; set; } = "selective-disclosure";

    /// <summary>PostgreSQL connection string (from DATABASE_URL and DB_POOL_SIZE); null keeps credentials and the issuer key in process.</summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>
    /// The secret the sealing keys are derived from (SECRET_KEY's UTF-8 bytes or SECRET_KEY_FILE's content, at least 32
    /// bytes). Null: a random secret for this process only, allowed only without a database.
    /// </summary>
    public byte[]? Secret { get; set; }

    /// <summary>The largest request body accepted (MAX_REQUEST_BYTES, default 10 KB).</summary>
    [ConfigurationKeyName("MAX_REQUEST_BYTES")]
    [Range(256, 1 << 24, ErrorMessage = "MAX_REQUEST_BYTES must be a whole number from 256 to 16777216")]
    public int MaxRequestBytes { get; set; } = 10 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Secret is null && DatabaseConnectionString is not null)
        {
            yield return new ValidationResult("SECRET_KEY is required when DATABASE_URL is set: credentials and the issuer key are stored encrypted under it, and a generated key would not survive a restart; set SECRET_KEY (at least 32 characters) or SECRET_KEY_FILE", [nameof(Secret)]);
        }
        if (Secret is { Length: < 32 })
        {
            yield return new ValidationResult("SECRET_KEY must give a secret of at least 32 bytes", [nameof(Secret)]);
        }
    }
}
