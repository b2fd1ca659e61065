namespace CredentialHub.ProofSystems.Contracts;

/// <summary>A proof and its public signals, as snarkjs writes proof.json and public.json.</summary>
public sealed record ProofArtifacts(string ProofJson, string PublicSignalsJson)
{
    /// <summary>A typed proof written out.</summary>
    public static ProofArtifacts Of(IProof proof) => new(proof.ToJson(), proof.PublicSignalsToJson());
}
