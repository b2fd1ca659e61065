using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Provers.Protocol;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// The job error codes of the failures a prover reports, and their trip over the socket: a prover process sends a
/// failure as its code and message (<see cref="ToFailure"/>), and the host raises the same exception the in-process
/// prover would have (<see cref="Raise"/>), so that a job ends the same way on either path.
/// </summary>
internal static class FailureCodes
{
    public const string ProvingFailed = "proving-failed";

    /// <summary>The worker does not hold the circuit with the proving key asked for (it restarted): load it, then ask again.</summary>
    public const string CircuitNotLoaded = "circuit-not-loaded";

    /// <summary>The worker's own checks refused the circuit's package (a file changed since the host checked it).</summary>
    public const string CircuitRefused = "circuit-refused";

    public const string Internal = "internal";

    public static string Code(WitnessFailure failure) => failure switch
    {
        WitnessFailure.InvalidInput => "invalid-input",
        WitnessFailure.CircuitFailed => "circuit-failed",
        WitnessFailure.Trapped => "circuit-trapped",
        _ => "circuit-invalid",
    };

    public static Failure ToFailure(Exception exception)
    {
        var failure = exception switch
        {
            WitnessException e => new Failure { Code = Code(e.Failure), Message = e.Message },
            ProvingException e => new Failure { Code = ProvingFailed, Message = e.Message },
            ProverFailureException e => new Failure { Code = e.Code, Message = e.Message },
            CircuitIntegrityException e => new Failure { Code = CircuitRefused, Message = e.Message },
            _ => new Failure { Code = Internal, Message = "the proof could not be made because of an internal error in the prover process" },
        };
        if (exception is WitnessException { CircomErrorCode: { } circom })
        {
            failure.CircomErrorCode = circom;
        }
        return failure;
    }

    /// <summary>Throws what <paramref name="failure"/> stands for.</summary>
    public static Exception Raise(Failure failure)
    {
        int? circom = failure.HasCircomErrorCode ? failure.CircomErrorCode : null;
        return failure.Code switch
        {
            "invalid-input" => new WitnessException(WitnessFailure.InvalidInput, failure.Message, circom),
            "circuit-failed" => new WitnessException(WitnessFailure.CircuitFailed, failure.Message, circom),
            "circuit-trapped" => new WitnessException(WitnessFailure.Trapped, failure.Message, circom),
            "circuit-invalid" => new WitnessException(WitnessFailure.InvalidCircuit, failure.Message, circom),
            ProvingFailed => new ProvingException(failure.Message),
            ProverFailureException.OutOfMemory or ProverFailureException.Crashed or ProverFailureException.Unavailable => new ProverFailureException(failure.Code, failure.Message),
            _ => new InvalidOperationException($"the prover process failed ({failure.Code}): {failure.Message}"),
        };
    }
}
