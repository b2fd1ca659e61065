namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// A request for a proof from a stored credential, as the API read it from its body: the circuit, the credential, the
/// attributes to reveal, the predicates to prove and the verifier's nonce. A text member is null when the request left
/// it out or gave another JSON type than a string; which of these is wrong, and in which order the problems are named,
/// is the Credentials module's to say.
/// </summary>
/// <param name="CircuitId">The circuit to prove on.</param>
/// <param name="CredentialId">The credential's id as given (a UUID when well formed).</param>
/// <param name="RevealAttributes">The names of the attributes to reveal, or null when the request gives none.</param>
/// <param name="Predicates">The predicates to prove, or null when the request gives none.</param>
/// <param name="Nonce">The verifier's nonce as given (a decimal string below r when well formed).</param>
public sealed record CredentialProofRequest(
    string CircuitId,
    string? CredentialId,
    RequestList<string>? RevealAttributes,
    RequestList<CredentialPredicate>? Predicates,
    string? Nonce);
