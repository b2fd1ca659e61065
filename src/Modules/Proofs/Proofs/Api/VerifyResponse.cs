using System.Text.Json.Nodes;

namespace CredentialHub.Proofs.Api;

/// <summary>A verification's outcome; for a credential presentation, <c>Credential</c> holds what it discloses (issuer, type, revealed attributes, predicates that hold).</summary>
internal sealed record VerifyResponse(bool Valid, string? Reason, string CircuitId, Guid? ProofId, Guid VerificationId, JsonObject? Credential);
