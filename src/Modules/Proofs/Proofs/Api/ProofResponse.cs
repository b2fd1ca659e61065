using CredentialHub.Proofs.Storage;
using CredentialHub.Web;

namespace CredentialHub.Proofs.Api;

/// <summary>A proof job as the API shows it; the proof, its public signals and the presentation are written as stored, not parsed again.</summary>
internal sealed record ProofResponse(
    Guid ProofId,
    string CircuitId,
    string Status,
    JsonText? Proof,
    JsonText? PublicSignals,
    ProofError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    double? WitnessMs,
    double? ProveMs,
    JsonText? Presentation)
{
    public static ProofResponse From(ProofRecord r) => new(
        r.Id,
        r.CircuitId,
        StatusName(r.Status),
        JsonText.From(r.ProofJson),
        JsonText.From(r.PublicSignalsJson),
        r.ErrorCode is null ? null : new ProofError(r.ErrorCode, r.Error ?? ""),
        r.CreatedAt,
        r.CompletedAt,
        r.WitnessMilliseconds,
        r.ProveMilliseconds,
        JsonText.From(r.PresentationJson));

    /// <summary>A job status as the API names it: queued, running, succeeded, failed.</summary>
    public static string StatusName(ProofStatus status) => status.ToString().ToLowerInvariant();
}
