using System.Collections.Concurrent;

namespace CredentialHub.Circuits.Storage;

/// <summary>The default store: registered circuits and their artifacts in process, lost on restart.</summary>
internal sealed class InMemoryCircuitStore : ICircuitStore
{
    private readonly ConcurrentDictionary<string, StoredCircuit> _circuits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private readonly Lock _adding = new();

    public Task<IReadOnlyList<StoredCircuit>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredCircuit> all = _circuits.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        return Task.FromResult(all);
    }

    public Task<StoredCircuit?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_circuits.TryGetValue(id, out var circuit) ? circuit : null);

    public Task<bool> TryAddAsync(StoredCircuit circuit, IReadOnlyDictionary<string, byte[]> artifactsBySha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArtifactDigest.Verify(artifactsBySha256);
        // One lock so that the artifacts are in place before the circuit that names them becomes visible.
        lock (_adding)
        {
            if (_circuits.ContainsKey(circuit.Id))
            {
                return Task.FromResult(false);
            }
            foreach (var (sha256, content) in artifactsBySha256)
            {
                _artifacts.TryAdd(sha256, content.ToArray());
            }
            _circuits[circuit.Id] = circuit;
            return Task.FromResult(true);
        }
    }

    public Task<byte[]?> ReadArtifactAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(_artifacts.TryGetValue(sha256, out var content) ? content.ToArray() : null);
}
