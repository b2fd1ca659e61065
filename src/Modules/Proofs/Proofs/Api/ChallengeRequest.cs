namespace CredentialHub.Proofs.Api;

/// <summary>The optional body of a challenge request: a shorter lifetime than NONCE_TTL_SECONDS.</summary>
internal sealed record ChallengeRequest(int? LifetimeSeconds);
