using System.Text.Json.Nodes;

namespace CredentialHub.Credentials.Contracts;

/// <summary>The outcome of <see cref="ICredentialProofs.CheckAsync"/>.</summary>
/// <param name="IsValid">Whether every check passed.</param>
/// <param name="Reason">Which check failed, when one did.</param>
/// <param name="Disclosure">What the proof shows, decoded (issuer, type, revealed attributes, predicates that hold), when valid.</param>
/// <param name="Refusal">A presentation or nonce too malformed to check: the request is refused rather than the proof found invalid.</param>
public sealed record PresentationCheck(bool IsValid, string? Reason, JsonObject? Disclosure, CredentialRefusal? Refusal = null)
{
    public static PresentationCheck Invalid(string reason) => new(false, reason, null);

    public static PresentationCheck Refused(CredentialRefusal refusal) => new(false, refusal.Message, null, refusal);
}
