using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Circuits.Storage;

/// <summary>
/// Registered circuits in PostgreSQL (schema <c>circuits</c>), so that every instance sees every circuit.
/// <see cref="TryAddAsync"/> is one transaction: <c>INSERT … ON CONFLICT DO NOTHING</c> on the circuit id decides
/// the winner of concurrent registrations (the loser waits on the key, then inserts nothing and rolls back).
/// </summary>
internal sealed class PostgresCircuitStore(IDbContextFactory<CircuitsDbContext> contexts) : ICircuitStore
{
    public async Task<IReadOnlyList<StoredCircuit>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Circuits.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<StoredCircuit?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Circuits.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<bool> TryAddAsync(StoredCircuit circuit, IReadOnlyDictionary<string, byte[]> artifactsBySha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArtifactDigest.Verify(artifactsBySha256);
        var registeredAt = StoredTimeOf(circuit.RegisteredAt);

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        int inserted = await context.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO circuits.circuits (id, configuration_json, wasm_sha256, zkey_sha256, verification_key_sha256, registered_at, r1cs_sha256)
            VALUES ({circuit.Id}, {circuit.ConfigurationJson}, {circuit.WasmSha256}, {circuit.ZkeySha256}, {circuit.VerificationKeySha256}, {registeredAt}, {circuit.R1csSha256})
            ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        // In key order, so that two registrations sharing artifacts wait on each other instead of deadlocking.
        foreach (var (sha256, content) in artifactsBySha256.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            long size = content.LongLength;
            await context.Database.ExecuteSqlAsync(
                $"INSERT INTO circuits.artifacts (sha256, content, size) VALUES ({sha256}, {content}, {size}) ON CONFLICT (sha256) DO NOTHING",
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<byte[]?> ReadArtifactAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Artifacts.AsNoTracking()
            .Where(a => a.Sha256 == sha256)
            .Select(a => a.Content)
            .SingleOrDefaultAsync(cancellationToken);
    }

    // timestamp with time zone: UTC only (Npgsql refuses other offsets), microsecond precision.
    private static DateTimeOffset StoredTimeOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
