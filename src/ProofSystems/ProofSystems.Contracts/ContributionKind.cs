namespace CredentialHub.ProofSystems.Contracts;

/// <summary>What made a contribution to a proving key: a participant's secret, or a public random beacon.</summary>
public enum ContributionKind
{
    /// <summary>A participant's contribution (snarkjs <c>zkey contribute</c>, type 0).</summary>
    Contribution = 0,

    /// <summary>A beacon (snarkjs <c>zkey beacon</c>, type 1): reproducible from its hash and iterations exponent.</summary>
    Beacon = 1,
}
