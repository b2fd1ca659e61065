using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// Where proofs are made: in this process (<see cref="InProcessProver"/>, PROVER_PROCESSES=0) or in prover processes
/// (<see cref="ProverPool"/>). Both compute the witness, the proof and the proof's verification, and both fail the
/// same ways, so that the proof workers and every test see one behaviour.
/// </summary>
internal interface IProvingBackend
{
    /// <summary>
    /// Makes the proof of <paramref name="inputs"/> (private: the callee clears nothing it did not copy; the caller clears
    /// them). Throws <see cref="WitnessException"/>, <see cref="ProofSystems.Contracts.ProvingException"/>,
    /// <see cref="ProverFailureException"/> (the prover process crashed, ran out of memory or is unavailable) and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<ProvingResult> ProveAsync(Guid jobId, ILoadedCircuit circuit, IReadOnlyList<InputSignal> inputs, CancellationToken cancellationToken);
}
