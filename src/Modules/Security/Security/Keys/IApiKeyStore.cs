namespace CredentialHub.Security.Keys;

/// <summary>
/// API keys, stored only as the SHA-256 of the key (a key is 256 random bits, so a plain hash cannot be reversed or
/// guessed). In process by default; in PostgreSQL (schema <c>security</c>) when DATABASE_URL is set, shared by every
/// instance and by the <c>keys</c> command. Implementations are thread-safe.
/// </summary>
internal interface IApiKeyStore
{
    Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key whose SHA-256 (lower-case hex) this is, revoked or not; null when there is none.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string sha256, CancellationToken cancellationToken);

    Task<ApiKeyRecord?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks the key revoked, by a rotation when <paramref name="replacedBy"/> names its successor (a revoked key keeps
    /// its first revocation); the key afterwards, or null when there is none.
    /// </summary>
    Task<ApiKeyRecord?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken, Guid? replacedBy = null);
}
