using CredentialHub.Proofs.Contracts;

namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// The circuit registry: the circuits shipped under circuits/&lt;id&gt;/ and those registered through the API.
/// Every artifact's SHA-256 is checked when the registry starts and again whenever a circuit is loaded; a circuit
/// whose files fail their checksum, or whose proving key does not match its verification key, is refused.
/// </summary>
public interface ICircuitCatalog
{
    /// <summary>Every usable circuit, ordered by id: the shipped ones and those registered by any instance.</summary>
    Task<IReadOnlyList<CircuitDescriptor>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The circuit with this id, or null.</summary>
    Task<CircuitDescriptor?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The circuit ready to prove and verify: artifacts checked against their SHA-256, witness calculator
    /// compiled, keys parsed. Loaded once and kept resident. Throws <see cref="CircuitNotFoundException"/> and
    /// <see cref="CircuitIntegrityException"/>.
    /// </summary>
    ValueTask<ILoadedCircuit> LoadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Registers a circuit from uploaded artifacts: the same checks as at start-up, then stored by content
    /// hash. A registered id is immutable. Throws <see cref="CircuitRegistrationException"/>.
    /// </summary>
    Task<CircuitDescriptor> RegisterAsync(CircuitUpload upload, CancellationToken cancellationToken);

    /// <summary>The circuits refused at start-up, with why (for health reports).</summary>
    IReadOnlyList<RefusedCircuit> Refused { get; }

    /// <summary>
    /// Takes a circuit out of service for proving because its proving key is faulty: a proof made with it failed
    /// verification with the circuit's own verification key (<paramref name="evidence"/> says how, e.g. the
    /// verifier's reason; never an input value). From then on <see cref="FindOutage"/> returns the outage and no
    /// proof should be attempted with the circuit until an operator replaces its key; verification with its
    /// verification key stays available. Logged as the audit event <c>faulty-proving-key</c> and shown by
    /// <c>circuit_out_of_service{circuit}</c>. Idempotent: a second report keeps the first outage and returns it.
    /// The state lives in this instance's memory, for the proving key with the SHA-256 the circuit has now.
    /// </summary>
    CircuitOutage TakeOutOfService(string id, string evidence);

    /// <summary>The outage of a circuit taken out of service, or null while it is in service.</summary>
    CircuitOutage? FindOutage(string id);

    /// <summary>Every circuit out of service, ordered by id (for health reports).</summary>
    IReadOnlyList<CircuitOutage> OutOfService { get; }
}

/// <summary>
/// A circuit taken out of service: why (<see cref="Reason"/>), what an operator must do (<see cref="Remedy"/>), since
/// when, and the SHA-256 of the proving key found faulty.
/// </summary>
public sealed record CircuitOutage(string CircuitId, string Reason, string Remedy, string? ZkeySha256, DateTimeOffset Since)
{
    /// <summary>The state's name as the API shows it.</summary>
    public const string Status = "out-of-service";

    /// <summary>One sentence for problem documents and job errors: names the circuit, why, and what an operator must do.</summary>
    public string Detail => $"circuit '{CircuitId}' is out of service: {Reason}; {Remedy}";
}

/// <summary>What a circuit is and how it may be used, as listed by <c>GET /circuits</c>.</summary>
/// <param name="Id">The circuit id (lower-case letters, digits and dashes).</param>
/// <param name="Description">What the circuit proves.</param>
/// <param name="MaxAttributes">The configuration's <c>max_attributes</c>.</param>
/// <param name="SecurityLevel">"development" (a key from a single-party or insecure setup) or "production".</param>
/// <param name="Protocol">The proof protocol of its key, e.g. groth16.</param>
/// <param name="Curve">The curve of its key, e.g. bn128.</param>
/// <param name="PublicSignalCount">How many public signals its proofs carry.</param>
/// <param name="Inputs">The declared input signals, when the configuration declares them.</param>
/// <param name="MaxRequestBytes">The largest proving request body accepted for it, when smaller than the service-wide cap.</param>
/// <param name="Artifacts">SHA-256 (lower-case hex) by artifact kind: wasm, zkey, vkey.</param>
/// <param name="Origin">"bundled" (from the circuits directory) or "registered" (uploaded).</param>
/// <param name="RegisteredAt">When an uploaded circuit was registered; null for bundled ones.</param>
public sealed record CircuitDescriptor(
    string Id,
    string Description,
    int MaxAttributes,
    string SecurityLevel,
    string Protocol,
    string Curve,
    int PublicSignalCount,
    IReadOnlyList<CircuitInput> Inputs,
    int? MaxRequestBytes,
    IReadOnlyDictionary<string, string> Artifacts,
    string Origin,
    DateTimeOffset? RegisteredAt);

/// <summary>
/// A declared input signal: its name, how many values it takes (flattened), and the bit width each value must
/// fit, when narrower than the field. <see cref="DecimalOnly"/> refuses hex and JSON numbers.
/// </summary>
public sealed record CircuitInput(string Name, int Length, int? Bits, bool DecimalOnly);

/// <summary>A circuit in memory, ready for work. Thread-safe: many proofs may use it at once.</summary>
public interface ILoadedCircuit
{
    CircuitDescriptor Descriptor { get; }

    IWitnessCalculator Witness { get; }

    IProofSystem ProofSystem { get; }

    IProver Prover { get; }

    IProvingKey ProvingKey { get; }

    IVerificationKey VerificationKey { get; }

    /// <summary>The verification key JSON exactly as shipped or uploaded.</summary>
    string VerificationKeyJson { get; }
}

/// <summary>
/// A circuit to register: the configuration document and the three artifacts, and optionally the constraint system
/// (.r1cs) the proving key's coefficients are checked against (not stored).
/// </summary>
public sealed record CircuitUpload(byte[] Configuration, byte[] Wasm, byte[] Zkey, byte[] VerificationKey, byte[]? R1cs = null);

/// <summary>A circuit found at start-up and not served, with the reason.</summary>
public sealed record RefusedCircuit(string Folder, string Reason);

public sealed class CircuitNotFoundException(string id) : Exception($"there is no circuit '{id}'")
{
    public string Id { get; } = id;
}

/// <summary>
/// An artifact failed its checksum or the artifacts do not belong together. <see cref="Artifact"/> names the artifact
/// at fault (wasm, zkey, vkey, r1cs) when one is.
/// </summary>
public sealed class CircuitIntegrityException(string id, string message, string? artifact = null) : Exception($"circuit '{id}': {message}")
{
    public string Id { get; } = id;

    public string? Artifact { get; } = artifact;
}

/// <summary>
/// An upload cannot be registered. <see cref="Field"/> names the part at fault (configuration, wasm, zkey,
/// vkey, r1cs, or a configuration key such as <c>configuration.id</c>); <see cref="Conflict"/> is set when the id is
/// already registered.
/// </summary>
public sealed class CircuitRegistrationException(string field, string message, bool conflict = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool Conflict { get; } = conflict;
}
