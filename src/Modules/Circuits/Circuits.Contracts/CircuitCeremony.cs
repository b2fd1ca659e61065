namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// Where a circuit's proving key comes from. A production circuit's key was checked, as <c>zkey verify</c> checks it, to
/// come from a powers-of-tau ceremony (<see cref="PowersOfTau"/>) and the circuit's constraint system through the
/// contributions listed (<see cref="Verified"/> true). A development circuit's key was not: <see cref="Statement"/>
/// says so plainly.
/// </summary>
/// <param name="Verified">True when the key was checked against the ceremony and the circuit's r1cs.</param>
/// <param name="Statement">What the check shows, or that there was none, in one sentence for people.</param>
/// <param name="PowersOfTau">The phase-1 file the key was checked against; null for a development circuit.</param>
/// <param name="CircuitHash">The circuit hash the key's transcript starts from (128 lowercase hex digits); null for a development circuit.</param>
/// <param name="Contributions">The phase-2 contributions in order (a beacon last); empty for a development circuit.</param>
/// <param name="CheckedAt">When the check ran (it is remembered by the artifacts' SHA-256s, so a restart does not repeat it).</param>
public sealed record CircuitCeremony(
    bool Verified,
    string Statement,
    CeremonyPowersOfTau? PowersOfTau,
    string? CircuitHash,
    IReadOnlyList<CeremonyContribution> Contributions,
    DateTimeOffset? CheckedAt)
{
    /// <summary>What a development circuit says of its key.</summary>
    public static CircuitCeremony Development { get; } = new(
        false,
        "development circuit: its proving key was not checked to come from a trusted-setup ceremony; whoever made it may be able to forge proofs, so do not rely on its proofs in production",
        null,
        null,
        [],
        null);
}
