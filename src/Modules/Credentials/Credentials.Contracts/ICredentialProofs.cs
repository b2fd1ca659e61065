using System.Text.Json;

namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// What the Proofs module asks of the Credentials module: the circuit input for a proof about a stored credential,
/// and, when such a proof is verified, the checks only the issuer can make (trusted issuer key, the verifier's nonce,
/// today's date, the credential's attribute schema) and the revealed attributes decoded back to their values.
/// Refusals are typed (<see cref="CredentialRefusal"/>); how they are answered is the caller's business.
/// </summary>
public interface ICredentialProofs
{
    /// <summary>Whether proofs of this circuit are credential presentations (their verification needs a nonce and a presentation).</summary>
    bool IsCredentialCircuit(string circuitId);

    /// <summary>
    /// The circuit input for a request naming a credential, or the refusal of a request that cannot be served (unknown,
    /// revoked or expired credential, unknown attribute, a predicate that does not hold, …), naming the field at fault.
    /// The input holds private values: the caller clears <see cref="CredentialProofInput.Inputs"/> once used.
    /// </summary>
    Task<CredentialProofResult> BuildInputAsync(CredentialProofRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a proof's public signals (the proof itself already verified) against a presentation and the nonce the
    /// verifier issued, and decodes what the proof discloses. A presentation or nonce that is malformed is a
    /// <see cref="PresentationCheck.Refusal"/> of the request, not an invalid proof.
    /// </summary>
    Task<PresentationCheck> CheckAsync(string circuitId, IReadOnlyList<string> publicSignals, JsonElement presentation, string expectedNonce, CancellationToken cancellationToken);
}
