namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// Everything a process needs to load a circuit on its own, with every check (a prover process receives it from the
/// host): the configuration document and the artifacts' bytes with the SHA-256 each must have. Bundled circuits are read
/// again from their folder, registered ones from the store; the proving key is the large part.
/// </summary>
/// <param name="Id">The circuit's id.</param>
/// <param name="Configuration">circuit.json as shipped or uploaded.</param>
/// <param name="Wasm">circuit.wasm.</param>
/// <param name="WasmSha256">The SHA-256 the catalog checked the wasm against.</param>
/// <param name="Zkey">The proving key.</param>
/// <param name="ZkeySha256">The SHA-256 the catalog checked the proving key against.</param>
/// <param name="VerificationKey">The verification key JSON.</param>
/// <param name="VerificationKeySha256">The SHA-256 the catalog checked the verification key against.</param>
/// <param name="Origin">"bundled" or "registered".</param>
public sealed record CircuitPackage(
    string Id,
    byte[] Configuration,
    byte[] Wasm,
    string WasmSha256,
    byte[] Zkey,
    string ZkeySha256,
    byte[] VerificationKey,
    string VerificationKeySha256,
    string Origin);
