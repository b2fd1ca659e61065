namespace CredentialHub.Circuits;

/// <summary>The Circuits module's settings, filled by the host from its configuration.</summary>
public sealed class CircuitsModuleOptions
{
    /// <summary>Where bundled circuits live: one folder per circuit (CIRCUITS_DIR; default circuits/ next to the binary or in the working directory).</summary>
    public required string CircuitsDirectory { get; init; }

    /// <summary>Npgsql connection string for registered circuits, or null to keep them in process.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>The largest circuit upload accepted (CIRCUIT_UPLOAD_MAX_BYTES, default 64 MiB).</summary>
    public long MaxUploadBytes { get; init; } = 64L << 20;
}
