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

/// <summary>An issued credential as stored.</summary>
/// <param name="Id">The credential id.</param>
/// <param name="Type">The credential type (public, e.g. "DrivingLicence").</param>
/// <param name="SchemaJson">The attribute names and types in slot order (public, no values): <c>CredentialSchema.ToJson</c>.</param>
/// <param name="IssuerKeyId">The issuer key that signed it.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresOn">The last day on which it is valid (UTC).</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="Sealed">The subject, the attribute values and the signature, sealed with AES-GCM bound to the id.</param>
internal sealed record StoredCredential(
    Guid Id,
    string Type,
    string SchemaJson,
    Guid IssuerKeyId,
    DateTimeOffset IssuedAt,
    DateOnly ExpiresOn,
    DateTimeOffset? RevokedAt,
    byte[] Sealed);

/// <summary>An issuer's BabyJubJub EdDSA key: the public point in decimal, the private key sealed with AES-GCM bound to the id.</summary>
/// <param name="Id">The key id.</param>
/// <param name="PublicX">The public key's x coordinate (decimal).</param>
/// <param name="PublicY">The public key's y coordinate (decimal).</param>
/// <param name="SealedPrivateKey">The 32-byte private key, sealed.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RetiredAt">When it stopped signing new credentials (credentials it signed stay verifiable), if it did.</param>
internal sealed record StoredIssuerKey(
    Guid Id,
    string PublicX,
    string PublicY,
    byte[] SealedPrivateKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt);
