namespace CredentialHub.Credentials;

/// <summary>Configuration of the Credentials module.</summary>
public sealed class CredentialsModuleOptions
{
    /// <summary>The circuit proofs from credentials are made on.</summary>
    public string CircuitId { get; init; } = "selective-disclosure";

    /// <summary>PostgreSQL connection string; null keeps credentials and the issuer key in process.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>
    /// The secret the sealing keys are derived from (SECRET_KEY's UTF-8 bytes or a key file's content, at least 32
    /// bytes). Null: a random secret for this process only, allowed only without a database.
    /// </summary>
    public byte[]? Secret { get; init; }

    /// <summary>The largest request body accepted.</summary>
    public int MaxRequestBytes { get; init; } = 10 * 1024;
}
