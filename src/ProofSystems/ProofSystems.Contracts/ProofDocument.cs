namespace CredentialHub.ProofSystems.Contracts;

/// <summary>Which input document a format error refers to.</summary>
public enum ProofDocument
{
    VerificationKey,
    PublicSignals,
    Proof,
}
