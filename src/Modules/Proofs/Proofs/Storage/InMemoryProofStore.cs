using System.Collections.Concurrent;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// The default store: proofs and verifications in process, lost on restart. Records are immutable values, so a
/// dictionary swap per update is enough for thread safety.
/// </summary>
internal sealed class InMemoryProofStore(TimeProvider? clock = null) : IProofStore
{
    private readonly TimeProvider time = clock ?? TimeProvider.System;

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

    public Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        while (true)
        {
            if (!_proofs.TryGetValue(record.Id, out var current))
            {
                throw new KeyNotFoundException($"No proof with id {record.Id} is stored.");
            }
            if (current.IsFinished)
            {
                return Task.FromResult(false);
            }
            // The owner and lease are the store's to keep, as in PostgreSQL.
            if (_proofs.TryUpdate(record.Id, record with { Owner = current.Owner, LeaseExpiresAt = current.LeaseExpiresAt }, current))
            {
                return Task.FromResult(true);
            }
        }
    }

    public Task RenewLeasesAsync(string owner, IReadOnlyCollection<Guid> ids, TimeSpan lease, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            if (_proofs.TryGetValue(id, out var current) && current.Owner == owner && !current.IsFinished)
            {
                _proofs.TryUpdate(id, current with { LeaseExpiresAt = time.GetUtcNow() + lease }, current);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ProofRecord>> EndExpiredAsync(string errorCode, string error, CancellationToken cancellationToken) =>
        End(r => r.LeaseExpiresAt is null || r.LeaseExpiresAt < time.GetUtcNow(), errorCode, error);

    public Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(string ownerPrefix, string currentOwner, string errorCode, string error, CancellationToken cancellationToken) =>
        End(r => r.Owner is { } owner && owner.StartsWith(ownerPrefix, StringComparison.Ordinal) && owner != currentOwner, errorCode, error);

    private Task<IReadOnlyList<ProofRecord>> End(Func<ProofRecord, bool> abandoned, string errorCode, string error)
    {
        var ended = new List<ProofRecord>();
        var now = time.GetUtcNow();
        foreach (var (id, current) in _proofs)
        {
            if (!current.IsFinished && abandoned(current))
            {
                var final = current with { Status = ProofStatus.Failed, ErrorCode = errorCode, Error = error, CompletedAt = now, LeaseExpiresAt = null };
                if (_proofs.TryUpdate(id, final, current))
                {
                    ended.Add(final);
                }
            }
        }
        return Task.FromResult<IReadOnlyList<ProofRecord>>(ended);
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
