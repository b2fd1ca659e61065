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

/// <summary>An API key as stored: never the key itself.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">A label chosen by the operator.</param>
/// <param name="Prefix">The key's first characters (e.g. "chk_3fa9c1"), to recognise it in a list.</param>
/// <param name="Sha256">SHA-256 of the whole key, lower-case hex (unique).</param>
/// <param name="Scopes">The scopes it grants.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="ReplacedBy">The key that replaced it when it was rotated, if it was.</param>
internal sealed record ApiKeyRecord(
    Guid Id,
    string Name,
    string Prefix,
    string Sha256,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    Guid? ReplacedBy = null);
