namespace CredentialHub.ProofSystems.Contracts;

/// <summary>A decoded verification key owned by the proof system that loaded it.</summary>
public interface IVerificationKey
{
    /// <summary>The number of public signals a proof under this key must come with.</summary>
    int PublicSignalCount { get; }
}
