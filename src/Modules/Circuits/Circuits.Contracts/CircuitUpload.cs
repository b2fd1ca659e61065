namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// A circuit to register: the configuration document and the three artifacts, and optionally the constraint system
/// (.r1cs) the proving key's coefficients are checked against (not stored).
/// </summary>
public sealed record CircuitUpload(byte[] Configuration, byte[] Wasm, byte[] Zkey, byte[] VerificationKey, byte[]? R1cs = null);
