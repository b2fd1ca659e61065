namespace CredentialHub.Credentials.Storage;

/// <summary>Where credentials and issuer keys live; the module fills it from its options (DATABASE_URL).</summary>
internal sealed class CredentialStorageOptions
{
    /// <summary>An Npgsql connection string (key=value), or null to keep credentials and issuer keys in process.</summary>
    public string? ConnectionString { get; init; }
}
