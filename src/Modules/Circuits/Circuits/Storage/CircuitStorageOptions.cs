namespace CredentialHub.Circuits.Storage;

/// <summary>Where registered circuits live; the host fills it from DATABASE_URL.</summary>
internal sealed class CircuitStorageOptions
{
    /// <summary>An Npgsql connection string (key=value), or null to keep registered circuits in process.</summary>
    public string? ConnectionString { get; init; }
}
