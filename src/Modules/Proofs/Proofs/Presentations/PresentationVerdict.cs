using System.Text.Json.Nodes;
using CredentialHub.Credentials.Contracts;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Proofs.Presentations;

/// <summary>
/// What a presentation check found: the verification outcome and, when valid, what the proof discloses. A request
/// refused outright carries the Credentials module's <see cref="Refusal"/> (a malformed presentation or nonce) or is a
/// <see cref="Replayed"/> presentation; no verification is recorded for either.
/// </summary>
internal sealed record PresentationVerdict(VerificationOutcome Outcome, JsonObject? Disclosure, CredentialRefusal? Refusal = null, bool Replayed = false)
{
    /// <summary>The nonce was presented before: a presentation verifies once.</summary>
    public static PresentationVerdict Replay { get; } = new(VerificationOutcome.Invalid("the nonce was already presented"), null, null, true);

    public static PresentationVerdict Refused(CredentialRefusal refusal) => new(VerificationOutcome.Invalid(refusal.Message), null, refusal);
}
