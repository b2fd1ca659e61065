namespace CredentialHub.Circuits.Storage;

/// <summary>
/// A registered circuit: its configuration document as uploaded and the SHA-256 of each artifact; the constraint system
/// (.r1cs) is stored when it was uploaded (a production circuit's always is: its key is checked against it).
/// </summary>
internal sealed record StoredCircuit(
    string Id,
    string ConfigurationJson,
    string WasmSha256,
    string ZkeySha256,
    string VerificationKeySha256,
    DateTimeOffset RegisteredAt,
    string? R1csSha256 = null);
