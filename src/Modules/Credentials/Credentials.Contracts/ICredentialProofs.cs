using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// What the Proofs module asks of the Credentials module: the circuit input for a proof about a stored credential,
/// and, when such a proof is verified, the checks only the issuer can make (trusted issuer key, the verifier's nonce,
/// today's date, the credential's attribute schema) and the revealed attributes decoded back to their values.
/// </summary>
public interface ICredentialProofs
{
    /// <summary>Whether proofs of this circuit are credential presentations (their verification needs a nonce and a presentation).</summary>
    bool IsCredentialCircuit(string circuitId);

    /// <summary>
    /// The circuit input for a generate request naming a credential (<c>credential_id</c>, <c>reveal_attributes</c>,
    /// <c>predicates</c>, <c>nonce</c>). The input holds private values: the caller clears
    /// <see cref="CredentialProofInput.InputsJson"/> once used. Throws <see cref="CredentialRequestException"/> for a
    /// request that cannot be served (unknown, revoked or expired credential, unknown attribute, …).
    /// </summary>
    Task<CredentialProofInput> BuildInputAsync(string circuitId, JsonElement request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a proof's public signals (the proof itself already verified) against a presentation and the nonce the
    /// verifier issued, and decodes what the proof discloses. Throws <see cref="CredentialRequestException"/> for a
    /// presentation or nonce that is malformed (a 400, not an invalid proof).
    /// </summary>
    Task<PresentationCheck> CheckAsync(string circuitId, IReadOnlyList<string> publicSignals, JsonElement presentation, string expectedNonce, CancellationToken cancellationToken);
}

/// <summary>A circuit input built from a credential.</summary>
/// <param name="InputsJson">The circuit input as UTF-8 JSON (private: clear after use).</param>
/// <param name="Presentation">What a verifier needs besides the proof and its public signals (no attribute values).</param>
public sealed record CredentialProofInput(byte[] InputsJson, JsonObject Presentation);

/// <summary>The outcome of <see cref="ICredentialProofs.CheckAsync"/>.</summary>
/// <param name="IsValid">Whether every check passed.</param>
/// <param name="Reason">Which check failed, when one did.</param>
/// <param name="Disclosure">What the proof shows, decoded (issuer, type, revealed attributes, predicates that hold), when valid.</param>
public sealed record PresentationCheck(bool IsValid, string? Reason, JsonObject? Disclosure)
{
    public static PresentationCheck Invalid(string reason) => new(false, reason, null);
}

/// <summary>A credential request the service refuses; <see cref="StatusCode"/> is the HTTP status and <see cref="Field"/> the part of the request at fault.</summary>
public sealed class CredentialRequestException(int statusCode, string title, string field, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public string Field { get; } = field;
}
