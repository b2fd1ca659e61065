namespace CredentialHub.Credentials.Contracts;

/// <summary>The outcome of <see cref="ICredentialProofs.BuildInputAsync"/>: the input, or why the request is refused.</summary>
public sealed record CredentialProofResult(CredentialProofInput? Input, CredentialRefusal? Refusal)
{
    public static implicit operator CredentialProofResult(CredentialProofInput input) => new(input, null);

    public static implicit operator CredentialProofResult(CredentialRefusal refusal) => new(null, refusal);
}
