using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Circuits;

/// <summary>
/// The Circuits module's settings, bound from the configuration under their names (appsettings.json, then environment
/// variables) and validated at start.
/// </summary>
public sealed class CircuitsModuleOptions
{
    /// <summary>
    /// Where bundled circuits live: one folder per circuit (CIRCUITS_DIR; unset: circuits/ next to the binary, else the
    /// nearest circuits/ in or above the working directory). Always set once the options are built.
    /// </summary>
    [ConfigurationKeyName("CIRCUITS_DIR")]
    public string? CircuitsDirectory { get; set; }

    /// <summary>The largest circuit upload accepted (CIRCUIT_UPLOAD_MAX_BYTES, default 64 MiB).</summary>
    [ConfigurationKeyName("CIRCUIT_UPLOAD_MAX_BYTES")]
    [Range(typeof(long), "1024", "2147483647", ErrorMessage = "CIRCUIT_UPLOAD_MAX_BYTES must be a whole number from 1024 to 2147483647")]
    public long MaxUploadBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Whether loaded circuits keep their proving key and compiled witness calculator in this process (default). The host
    /// sets it false when prover processes make the proofs (PROVER_PROCESSES above 0): the web process then checks every
    /// circuit and keeps its verification key only.
    /// </summary>
    public bool KeepProvingKeys { get; set; } = true;

    /// <summary>Npgsql connection string for registered circuits (from DATABASE_URL and DB_POOL_SIZE), or null to keep them in process.</summary>
    public string? DatabaseConnectionString { get; set; }
}
