using System.Collections.Concurrent;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// The default store: proofs and verifications in process, lost on restart. Records are immutable values, so a
/// dictionary swap per update is enough for thread safety.
/// </summary>
internal sealed class InMemoryProofStore : IProofStore
{
    private readonly ConcurrentDictionary<Guid, ProofRecord> _proofs = new();
    private readonly ConcurrentDictionary<Guid, VerificationRecord> _verifications = new();

    public Task AddAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_proofs.TryAdd(record.Id, record))
        {
            throw new InvalidOperationException($"A proof with id {record.Id} is already stored.");
        }
        return Task.CompletedTask;
    }

    public Task UpdateAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        while (true)
        {
            if (!_proofs.TryGetValue(record.Id, out var current))
            {
                throw new KeyNotFoundException($"No proof with id {record.Id} is stored.");
            }
            if (_proofs.TryUpdate(record.Id, record, current))
            {
                return Task.CompletedTask;
            }
        }
    }

    public Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_proofs.TryGetValue(id, out var record) ? record : null);

    public Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_verifications.TryAdd(record.Id, record))
        {
            throw new InvalidOperationException($"A verification with id {record.Id} is already stored.");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken)
    {
        IReadOnlyList<VerificationRecord> found = _verifications.Values
            .Where(v => v.ProofId == proofId)
            .OrderBy(v => v.VerifiedAt)
            .ThenBy(v => v.Id)
            .ToList();
        return Task.FromResult(found);
    }
}
