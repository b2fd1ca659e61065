using CredentialHub.ProofSystems.Contracts;

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
    /// The circuit's configuration and artifacts as the catalog serves them, read again from its folder or the store, for
    /// a process that loads the circuit on its own (a prover process). Throws <see cref="CircuitNotFoundException"/> and
    /// <see cref="CircuitIntegrityException"/>.
    /// </summary>
    Task<CircuitPackage> ReadPackageAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The example inputs shipped with a bundled circuit, as a request's <c>inputs</c> object: its folder's
    /// <c>example-input.json</c> when <c>SHA256SUMS</c> lists it and it matches (at most 1 MiB). Null for a circuit that
    /// ships none (or whose file is unlisted, changed or too large: logged), for registered circuits and for unknown ids.
    /// The service's start-up proves them once, so that its first client's inputs take the paths real inputs take.
    /// </summary>
    Task<byte[]?> ReadExampleInputAsync(string id, CancellationToken cancellationToken);

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
