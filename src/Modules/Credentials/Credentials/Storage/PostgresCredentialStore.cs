using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CredentialHub.Credentials.Storage;

/// <summary>
/// Credentials and issuer keys in PostgreSQL (schema <c>credentials</c>), shared by every instance. One pooled
/// context per call. Times are stored as UTC at PostgreSQL's microsecond precision, so a record read back may differ
/// from the one written by less than a microsecond. The unique index <see cref="CredentialsDbContext.OneActiveIssuerKeyIndex"/>
/// decides which of several instances creating an issuer key at once wins.
/// </summary>
internal sealed class PostgresCredentialStore(IDbContextFactory<CredentialsDbContext> contexts) : ICredentialStore
{
    // A loser reads the winner back; it inserts again only if that key was retired in between, which no caller does.
    private const int IssuerKeyAttempts = 3;

    public async Task AddAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Credentials.Add(credential with
        {
            IssuedAt = StoredTimeOf(credential.IssuedAt),
            RevokedAt = credential.RevokedAt is { } revokedAt ? StoredTimeOf(revokedAt) : null,
        });
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<StoredCredential?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<StoredCredential?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        DateTimeOffset? revokedAt = StoredTimeOf(at);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Conditional, so that of concurrent revocations the first committed keeps its time.
        await context.Credentials
            .Where(c => c.Id == id && c.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.RevokedAt, revokedAt), cancellationToken);
        return await context.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredIssuerKey>> ListIssuerKeysAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.IssuerKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);
    }

    public async Task<StoredIssuerKey> AddIssuerKeyIfNoneActiveAsync(StoredIssuerKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.RetiredAt is not null)
        {
            throw new ArgumentException("A new issuer key must not be retired.", nameof(key));
        }
        var candidate = key with { CreatedAt = StoredTimeOf(key.CreatedAt) };
        for (int attempt = 1; ; attempt++)
        {
            if (await FindActiveIssuerKeyAsync(cancellationToken) is { } active)
            {
                return active;
            }
            try
            {
                await using var context = await contexts.CreateDbContextAsync(cancellationToken);
                context.IssuerKeys.Add(candidate);
                await context.SaveChangesAsync(cancellationToken);
                return candidate;
            }
            catch (DbUpdateException e) when (attempt < IssuerKeyAttempts && IsSecondActiveIssuerKey(e))
            {
                // Another instance stored its key between our read and our insert: the next read returns it.
            }
        }
    }

    private async Task<StoredIssuerKey?> FindActiveIssuerKeyAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.IssuerKeys.AsNoTracking().SingleOrDefaultAsync(k => k.RetiredAt == null, cancellationToken);
    }

    private static bool IsSecondActiveIssuerKey(DbUpdateException e) =>
        e.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: CredentialsDbContext.OneActiveIssuerKeyIndex,
        };

    // timestamp with time zone: UTC only (Npgsql refuses other offsets), microsecond precision.
    private static DateTimeOffset StoredTimeOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
