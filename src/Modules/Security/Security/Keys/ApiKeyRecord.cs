namespace CredentialHub.Security.Keys;

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
