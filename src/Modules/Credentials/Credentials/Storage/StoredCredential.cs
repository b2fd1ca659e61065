namespace CredentialHub.Credentials.Storage;

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
