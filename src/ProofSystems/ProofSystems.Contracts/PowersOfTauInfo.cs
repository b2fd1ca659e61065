namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// What a powers-of-tau file holds: its power (2^Power points per section), the power of the ceremony it was cut
/// from, whether it was prepared for phase 2 (the Lagrange sections a key is made from), its contributions in order,
/// and the BLAKE2b-512 hash of the whole file, by which a public ceremony's file is identified.
/// </summary>
public sealed record PowersOfTauInfo(
    string Name,
    int Power,
    int CeremonyPower,
    bool PreparedForPhase2,
    IReadOnlyList<PowersOfTauContribution> Contributions,
    byte[] Blake2b512)
{
    /// <summary>The hash as 128 lowercase hexadecimal digits (as b2sum prints it).</summary>
    public string Blake2b512Hex => Convert.ToHexStringLower(Blake2b512);
}
