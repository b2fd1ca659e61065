using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Credentials.Contracts;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security.Contracts;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Presentations;

/// <summary>
/// The checks a credential presentation needs beyond its proof: the Credentials module's (the presentation's schema,
/// a trusted issuer key, the verifier's nonce, today's date), then, last and only when everything else holds, the
/// redemption of the nonce, which must be one this service issued and not yet presented (a replay is audited).
/// </summary>
internal sealed class CredentialPresentations(ICredentialProofs credentials, INonceStore nonces, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger("CredentialHub.Audit");

    /// <summary>Whether proofs of this circuit are credential presentations (verifying one needs a nonce and a presentation).</summary>
    public bool IsCredentialCircuit(string circuitId) => credentials.IsCredentialCircuit(circuitId);

    /// <summary>
    /// Checks a presentation whose proof was verified with <paramref name="proof"/> as the outcome, and redeems the nonce
    /// when every check holds. The verdict's outcome is the proof's, or invalid with the check that failed; a
    /// malformed presentation or nonce and a replayed nonce are refusals rather than invalid proofs.
    /// </summary>
    /// <param name="requestId">The request's trace identifier, for the audit line of a replay.</param>
    public async Task<PresentationVerdict> CheckAsync(string circuitId, VerificationOutcome proof, IReadOnlyList<string> publicSignals, JsonElement presentation, string nonce, string requestId, CancellationToken cancellationToken)
    {
        var outcome = proof;
        JsonObject? disclosure = null;
        var check = await credentials.CheckAsync(circuitId, publicSignals, presentation, nonce, cancellationToken);
        if (check.Refusal is { } refusal)
        {
            return PresentationVerdict.Refused(refusal);
        }
        if (outcome.IsValid)
        {
            outcome = check.IsValid ? outcome : VerificationOutcome.Invalid(check.Reason ?? "the credential checks failed");
            disclosure = check.Disclosure;
        }
        // Last, once everything else holds: the nonce must be one this service issued, redeemed now.
        if (outcome.IsValid)
        {
            switch (await nonces.RedeemAsync(nonce, cancellationToken))
            {
                case NonceRedemption.AlreadyRedeemed:
                    _audit.LogWarning("security event {SecurityEvent}: a presentation on {Circuit} with a spent nonce (request {RequestId})",
                        "replay", circuitId, requestId);
                    return PresentationVerdict.Replay;
                case NonceRedemption.Unknown:
                    return new PresentationVerdict(VerificationOutcome.Invalid("the nonce was not issued by this service (POST /proofs/challenges) or has expired"), null);
            }
        }
        return new PresentationVerdict(outcome, outcome.IsValid ? disclosure : null);
    }
}
