namespace CredentialHub.Proofs.Contracts;

/// <summary>
/// Receives what the Proofs module does, as it does it: the Monitoring module implements it for the per-circuit
/// summaries of <c>/stats</c> and <c>/metrics/proofs</c>. Every registered observer is called on the worker or request
/// thread that did the work, so an implementation must be quick and thread-safe. Circuit ids come from the catalog
/// (bounded); no input value is ever passed.
/// </summary>
public interface IProofObserver
{
    /// <summary>A proof job ended: <paramref name="outcome"/> is <c>success</c> or the job's error code (e.g. <c>timeout</c>, <c>queue-full</c>).</summary>
    void JobEnded(string circuitId, string outcome);

    /// <summary>A stage of a proof job took <paramref name="seconds"/>.</summary>
    void StageTimed(string circuitId, ProofStage stage, double seconds);

    /// <summary>A proof was verified on request, with its result and how long the verification took.</summary>
    void Verified(string circuitId, bool valid, double seconds);
}
