namespace CredentialHub.Circuits.Storage;

/// <summary>An artifact (witness WASM, zkey, verification key) stored once by the SHA-256 of its content.</summary>
/// <param name="Sha256">The SHA-256 of <paramref name="Content"/>, lower-case hex.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Size">The length of <paramref name="Content"/> in bytes.</param>
internal sealed record CircuitArtifact(string Sha256, byte[] Content, long Size);
