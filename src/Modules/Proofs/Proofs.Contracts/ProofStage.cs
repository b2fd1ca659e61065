namespace CredentialHub.Proofs.Contracts;

/// <summary>
/// The timed stages of a proof job; <see cref="Total"/> runs from queueing to the stored result. <see cref="Boundary"/>
/// is the part of the call to the prover spent outside witness, prove and verify: with prover processes, the socket,
/// the messages and the scheduling of the other process (near zero in process).
/// </summary>
public enum ProofStage
{
    Queue,
    Witness,
    Prove,
    Verify,
    Total,
    Boundary,
}
