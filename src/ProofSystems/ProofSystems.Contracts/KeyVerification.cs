namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// What <see cref="IPhase2Setup.VerifyKey"/> found: the first check the key failed (null when it passed them all), the
/// circuit hash its transcript starts from (lowercase hex), the powers-of-tau file it was checked against, and the key's
/// contributions in order (a beacon last, when there is one).
/// </summary>
public sealed record KeyVerification(
    string? Failure,
    string CircuitHash,
    PowersOfTauInfo PowersOfTau,
    IReadOnlyList<ContributionRecord> Contributions)
{
    /// <summary>True when the key comes from the ceremony of <see cref="PowersOfTau"/> and the circuit, through its contributions.</summary>
    public bool IsValid => Failure is null;
}
