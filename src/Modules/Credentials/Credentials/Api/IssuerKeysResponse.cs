namespace CredentialHub.Credentials.Api;

internal sealed record IssuerKeysResponse(IReadOnlyList<IssuerKeyResponse> Keys);
