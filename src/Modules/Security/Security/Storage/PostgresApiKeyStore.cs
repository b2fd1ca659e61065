using CredentialHub.Security.Keys;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CredentialHub.Security.Storage;

/// <summary>
/// API keys in PostgreSQL (schema <c>security</c>), shared by every instance and by the <c>keys</c> command. One
/// pooled context per call. Times are stored as UTC at PostgreSQL's microsecond precision, so a record read back may
/// differ from the one written by less than a microsecond.
/// </summary>
internal sealed class PostgresApiKeyStore(IDbContextFactory<SecurityDbContext> contexts) : IApiKeyStore
{
    /// <exception cref="InvalidOperationException">A key with the same id or hash is stored already.</exception>
    public async Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.ApiKeys.Add(key with
        {
            Scopes = [.. key.Scopes],
            CreatedAt = StoredTimeOf(key.CreatedAt),
            RevokedAt = key.RevokedAt is { } revokedAt ? StoredTimeOf(revokedAt) : null,
        });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new InvalidOperationException($"An API key with id {key.Id} or the same hash is already stored.", e);
        }
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Sha256 == sha256, cancellationToken);
    }

    public async Task<ApiKeyRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);
    }

    public async Task<ApiKeyRecord?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken, Guid? replacedBy = null)
    {
        DateTimeOffset? revokedAt = StoredTimeOf(at);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Conditional, so that of concurrent revocations the first committed keeps its time.
        await context.ApiKeys
            .Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, revokedAt).SetProperty(k => k.ReplacedBy, replacedBy), cancellationToken);
        return await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
    }

    // timestamp with time zone: UTC only (Npgsql refuses other offsets), microsecond precision.
    private static DateTimeOffset StoredTimeOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
