using System.Text.Json;
using CredentialHub.Proofs.Storage;

namespace CredentialHub.Proofs.Api;

/// <summary>A proof job as the API shows it.</summary>
internal sealed record ProofResponse(
    Guid ProofId,
    string CircuitId,
    string Status,
    JsonElement? Proof,
    JsonElement? PublicSignals,
    ProofError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    double? WitnessMs,
    double? ProveMs,
    JsonElement? Presentation)
{
    public static ProofResponse From(ProofRecord r) => new(
        r.Id,
        r.CircuitId,
        StatusName(r.Status),
        Element(r.ProofJson),
        Element(r.PublicSignalsJson),
        r.ErrorCode is null ? null : new ProofError(r.ErrorCode, r.Error ?? ""),
        r.CreatedAt,
        r.CompletedAt,
        r.WitnessMilliseconds,
        r.ProveMilliseconds,
        Element(r.PresentationJson));

    /// <summary>A job status as the API names it: queued, running, succeeded, failed.</summary>
    public static string StatusName(ProofStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A stored JSON document as an element that outlives its parse (the document's pooled buffers go back).</summary>
    private static JsonElement? Element(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Why a job failed: its error code and message.</summary>
internal sealed record ProofError(string Code, string Message);
