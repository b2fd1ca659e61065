namespace CredentialHub.Credentials.Storage;

/// <summary>
/// Issued credentials and the issuer's keys. In process by default; in PostgreSQL (schema <c>credentials</c>) when
/// DATABASE_URL is set, shared by every instance. Attribute values, the subject and the signature are stored only
/// sealed (<see cref="StoredCredential.Sealed"/>); so is an issuer's private key. Implementations are thread-safe.
/// </summary>
internal interface ICredentialStore
{
    Task AddAsync(StoredCredential credential, CancellationToken cancellationToken);

    Task<StoredCredential?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the credential revoked at <paramref name="at"/>. Returns the credential as stored afterwards (a credential
    /// already revoked keeps its first revocation time), or null when there is no such credential.
    /// </summary>
    Task<StoredCredential?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every issuer key ever created, oldest first.</summary>
    Task<IReadOnlyList<StoredIssuerKey>> ListIssuerKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="key"/> as the active issuer key unless an active key exists already (another instance
    /// may have created one at the same moment). Returns the active key after the call: <paramref name="key"/> or the
    /// one that was there first.
    /// </summary>
    Task<StoredIssuerKey> AddIssuerKeyIfNoneActiveAsync(StoredIssuerKey key, CancellationToken cancellationToken);
}
