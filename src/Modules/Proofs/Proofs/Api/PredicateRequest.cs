using System.Text.Json;

namespace CredentialHub.Proofs.Api;

/// <summary>A predicate over a credential attribute: op is "&gt;=", "&lt;=" or "age_at_least" (a date attribute, value in years).</summary>
internal sealed record PredicateRequest(string Attribute, string Op, JsonElement Value);
