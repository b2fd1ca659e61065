namespace CredentialHub.Proofs.Provers;

/// <summary>
/// A proof that failed because of its prover, not its inputs: the prover process crashed or was killed
/// (<see cref="Crashed"/>), ran out of memory (<see cref="OutOfMemory"/>) or no prover process became ready in time
/// (<see cref="Unavailable"/>). <see cref="Code"/> is the job's error code; the message says to resubmit.
/// </summary>
internal sealed class ProverFailureException(string code, string message) : Exception(message)
{
    public const string Crashed = "prover-crashed";

    public const string OutOfMemory = "out-of-memory";

    public const string Unavailable = "prover-unavailable";

    public string Code { get; } = code;
}
