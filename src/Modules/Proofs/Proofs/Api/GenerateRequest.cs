using System.Text.Json;

namespace CredentialHub.Proofs.Api;

/// <summary>The body of a generate request (documentation only: the endpoint reads the body itself to keep private values out of shared buffers).</summary>
internal sealed record GenerateRequest(string CircuitId, JsonElement? Inputs, Guid? CredentialId, IReadOnlyList<string>? RevealAttributes, IReadOnlyList<PredicateRequest>? Predicates, string? Nonce);
