namespace CredentialHub.Circuits.Storage;

/// <summary>A registered circuit: its configuration document as uploaded and the SHA-256 of each artifact.</summary>
internal sealed record StoredCircuit(
    string Id,
    string ConfigurationJson,
    string WasmSha256,
    string ZkeySha256,
    string VerificationKeySha256,
    DateTimeOffset RegisteredAt);
