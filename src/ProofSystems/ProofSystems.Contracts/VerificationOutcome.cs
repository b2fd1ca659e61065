namespace CredentialHub.ProofSystems.Contracts;

/// <summary>The result of a verification: valid, or invalid with the reason (which check failed).</summary>
public sealed record VerificationOutcome(bool IsValid, string? Reason)
{
    public static VerificationOutcome Valid { get; } = new(true, null);

    public static VerificationOutcome Invalid(string reason) => new(false, reason);

    public override string ToString() => IsValid ? "OK" : $"INVALID: {Reason}";
}
