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

    /// <summary>
    /// Where powers-of-tau files named by production circuits (<c>ptau_file</c> in circuit.json) are found when they are
    /// not in the circuit's own folder (PTAU_DIR; unset: the <c>ptau</c> folder inside the circuits directory). Registered
    /// circuits find theirs here only: a ptau is never uploaded.
    /// </summary>
    [ConfigurationKeyName("PTAU_DIR")]
    public string? PtauDirectory { get; set; }

    /// <summary>
    /// Where the results of trusted-setup checks are remembered, by the SHA-256s of the r1cs, ptau and zkey checked, so that
    /// a restart does not check again (CEREMONY_CACHE_DIR; unset: credentialhub/ceremony-checks under XDG_CACHE_HOME or
    /// ~/.cache). Only passed checks are remembered. Unwritable: every start checks again, and says so in the log.
    /// </summary>
    [ConfigurationKeyName("CEREMONY_CACHE_DIR")]
    public string? CeremonyCacheDirectory { get; set; }

    /// <summary>
    /// The longest a trusted-setup check of one circuit may take before the circuit is refused (CEREMONY_CHECK_TIMEOUT_SECONDS,
    /// default 600): a beacon of 2^63 iterations would otherwise keep it busy for ever.
    /// </summary>
    [ConfigurationKeyName("CEREMONY_CHECK_TIMEOUT_SECONDS")]
    [Range(1, 86400, ErrorMessage = "CEREMONY_CHECK_TIMEOUT_SECONDS must be a whole number from 1 to 86400")]
    public int CeremonyCheckTimeoutSeconds { get; set; } = 600;

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
