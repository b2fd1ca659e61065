namespace CredentialHub.Credentials.Storage;

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
