namespace CredentialHub.Security.Contracts;

/// <summary>An issued nonce and when it stops being redeemable.</summary>
public sealed record IssuedNonce(string Value, DateTimeOffset ExpiresAt);
