namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// An artifact failed its checksum or the artifacts do not belong together. <see cref="Artifact"/> names the artifact
/// at fault (wasm, zkey, vkey, r1cs) when one is.
/// </summary>
public sealed class CircuitIntegrityException(string id, string message, string? artifact = null) : Exception($"circuit '{id}': {message}")
{
    public string Id { get; } = id;

    public string? Artifact { get; } = artifact;
}
