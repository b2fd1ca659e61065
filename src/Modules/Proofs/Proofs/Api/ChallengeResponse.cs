namespace CredentialHub.Proofs.Api;

/// <summary>A challenge nonce and when it expires.</summary>
internal sealed record ChallengeResponse(string Nonce, DateTimeOffset ExpiresAt);
