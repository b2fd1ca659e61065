using System.Text.Json;

namespace CredentialHub.Proofs.Api;

/// <summary>The body of a verify request: a stored proof's id, or a circuit with a proof and its public signals.</summary>
internal sealed record VerifyRequest(Guid? ProofId, string? CircuitId, JsonElement? Proof, JsonElement? PublicSignals, string? Nonce, JsonElement? Presentation);
