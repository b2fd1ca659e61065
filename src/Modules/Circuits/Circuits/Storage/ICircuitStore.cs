namespace CredentialHub.Circuits.Storage;

/// <summary>
/// Circuits registered through the API: their metadata and their artifacts, stored by content (SHA-256). In
/// process by default; in PostgreSQL when DATABASE_URL is set, so that every instance sees every circuit.
/// Circuits shipped in the circuits directory are not stored here. Implementations are thread-safe.
/// </summary>
internal interface ICircuitStore
{
    Task<IReadOnlyList<StoredCircuit>> ListAsync(CancellationToken cancellationToken);

    Task<StoredCircuit?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a circuit and its artifacts (by their SHA-256, lower-case hex; an artifact already stored is kept
    /// as is). Returns false, storing nothing, when the id is already registered: registered circuits are immutable.
    /// </summary>
    Task<bool> TryAddAsync(StoredCircuit circuit, IReadOnlyDictionary<string, byte[]> artifactsBySha256, CancellationToken cancellationToken);

    /// <summary>The artifact with this SHA-256, or null.</summary>
    Task<byte[]?> ReadArtifactAsync(string sha256, CancellationToken cancellationToken);
}
