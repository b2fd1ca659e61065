namespace CredentialHub.Proofs.Contracts;

/// <summary>The timed stages of a proof job; <see cref="Total"/> runs from queueing to the stored result.</summary>
public enum ProofStage
{
    Queue,
    Witness,
    Prove,
    Verify,
    Total,
}
