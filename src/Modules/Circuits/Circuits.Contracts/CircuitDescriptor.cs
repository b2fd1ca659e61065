namespace CredentialHub.Circuits.Contracts;

/// <summary>What a circuit is and how it may be used, as listed by <c>GET /circuits</c>.</summary>
/// <param name="Id">The circuit id (lower-case letters, digits and dashes).</param>
/// <param name="Description">What the circuit proves.</param>
/// <param name="MaxAttributes">The configuration's <c>max_attributes</c>.</param>
/// <param name="SecurityLevel">"development" (a key from a single-party or insecure setup) or "production" (a key checked, when the circuit is loaded, to come from a powers-of-tau ceremony and the circuit's r1cs).</param>
/// <param name="Protocol">The proof protocol of its key, e.g. groth16.</param>
/// <param name="Curve">The curve of its key, e.g. bn128.</param>
/// <param name="PublicSignalCount">How many public signals its proofs carry.</param>
/// <param name="Inputs">The declared input signals, when the configuration declares them.</param>
/// <param name="MaxRequestBytes">The largest proving request body accepted for it, when smaller than the service-wide cap.</param>
/// <param name="Artifacts">SHA-256 (lower-case hex) by artifact kind: wasm, zkey, vkey.</param>
/// <param name="Origin">"bundled" (from the circuits directory) or "registered" (uploaded).</param>
/// <param name="RegisteredAt">When an uploaded circuit was registered; null for bundled ones.</param>
/// <param name="Ceremony">Where its proving key comes from: checked against a ceremony (production) or not (development); null where the circuit was loaded without that check (a prover process).</param>
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
    DateTimeOffset? RegisteredAt,
    CircuitCeremony? Ceremony = null);
