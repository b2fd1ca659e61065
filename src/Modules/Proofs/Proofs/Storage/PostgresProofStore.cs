using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// Proofs and verifications in PostgreSQL (schema <c>proofs</c>), shared by every instance of the service. One
/// pooled context per call. Times are stored as UTC at PostgreSQL's microsecond precision, so a record read back
/// may differ from the one written by less than a microsecond.
/// </summary>
internal sealed class PostgresProofStore(IDbContextFactory<ProofsDbContext> contexts) : IProofStore
{
    public async Task AddAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Proofs.Add(Normalized(record));
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var r = Normalized(record);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        int updated = await context.Proofs
            .Where(p => p.Id == r.Id && (p.Status == ProofStatus.Queued || p.Status == ProofStatus.Running))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.CircuitId, r.CircuitId)
                    .SetProperty(p => p.Status, r.Status)
                    .SetProperty(p => p.ProofJson, r.ProofJson)
                    .SetProperty(p => p.PublicSignalsJson, r.PublicSignalsJson)
                    .SetProperty(p => p.ErrorCode, r.ErrorCode)
                    .SetProperty(p => p.Error, r.Error)
                    .SetProperty(p => p.CreatedAt, r.CreatedAt)
                    .SetProperty(p => p.CompletedAt, r.CompletedAt)
                    .SetProperty(p => p.WitnessMilliseconds, r.WitnessMilliseconds)
                    .SetProperty(p => p.ProveMilliseconds, r.ProveMilliseconds),
                cancellationToken);
        if (updated == 0)
        {
            return await context.Proofs.AnyAsync(p => p.Id == r.Id, cancellationToken)
                ? false
                : throw new KeyNotFoundException($"No proof with id {record.Id} is stored.");
        }
        return true;
    }

    public async Task RenewLeasesAsync(string owner, IReadOnlyCollection<Guid> ids, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var idArray = ids.ToArray();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Database.ExecuteSqlAsync(
            $"UPDATE proofs.proofs SET lease_expires_at = now() + {lease} WHERE id = ANY({idArray}) AND owner = {owner} AND status IN ('Queued', 'Running')",
            cancellationToken);
    }

    public async Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(string ownerPrefix, string currentOwner, string errorCode, string error, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Proofs
            .FromSql($"""
                UPDATE proofs.proofs
                SET status = 'Failed', error_code = {errorCode}, error = {error}, completed_at = now(), lease_expires_at = NULL
                WHERE status IN ('Queued', 'Running') AND left(owner, length({ownerPrefix})) = {ownerPrefix} AND owner <> {currentOwner}
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProofRecord>> EndExpiredAsync(string errorCode, string error, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // One statement: two instances sweeping at once each end a job at most once (row locks serialise them).
        return await context.Proofs
            .FromSql($"""
                UPDATE proofs.proofs
                SET status = 'Failed', error_code = {errorCode}, error = {error}, completed_at = now(), lease_expires_at = NULL
                WHERE status IN ('Queued', 'Running') AND (lease_expires_at IS NULL OR lease_expires_at < now())
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    public async Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Proofs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public async Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Verifications.Add(record with { VerifiedAt = StoredTime.Of(record.VerifiedAt) });
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Verifications.AsNoTracking()
            .Where(v => v.ProofId == proofId)
            .OrderBy(v => v.VerifiedAt)
            .ThenBy(v => v.Id)
            .ToListAsync(cancellationToken);
    }

    private static ProofRecord Normalized(ProofRecord record) => record with
    {
        CreatedAt = StoredTime.Of(record.CreatedAt),
        CompletedAt = record.CompletedAt is { } completed ? StoredTime.Of(completed) : null,
        LeaseExpiresAt = record.LeaseExpiresAt is { } lease ? StoredTime.Of(lease) : null,
    };
}
