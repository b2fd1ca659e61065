namespace CredentialHub.Credentials.Api;

internal sealed record IssuerKeyResponse(Guid KeyId, string X, string Y, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, bool Active);
