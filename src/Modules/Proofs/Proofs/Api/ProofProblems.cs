using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Proofs.Api;

/// <summary>The problems more than one /proofs endpoint answers with, and the Retry-After each asks for.</summary>
internal static class ProofProblems
{
    /// <summary>
    /// Retry-After of a circuit out of service: nothing changes until an operator replaces its proving key (and, for a
    /// bundled circuit, restarts the service), so automatic retries are told to wait an hour.
    /// </summary>
    internal const int OutOfServiceRetryAfterSeconds = 3600;

    /// <summary>Retry-After of a proof that failed for an internal reason: a new attempt may well succeed.</summary>
    internal const int InternalRetryAfterSeconds = 1;

    /// <summary>Seconds a client refused by a stopping instance should wait (the load balancer sends the retry elsewhere).</summary>
    private const int StoppingRetryAfterSeconds = 5;

    /// <summary>503 for a circuit whose proving key is faulty; the detail names the circuit and what an operator must do.</summary>
    internal static FieldProblem OutOfService(string detail) =>
        ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Circuit out of service", detail, "circuit_id", OutOfServiceRetryAfterSeconds);

    /// <summary>
    /// The problem for a failed job. A failure of the service (a faulty proving key, an unexpected error) is a 503,
    /// never a 500; the messages come from the workers and carry no input value.
    /// </summary>
    internal static FieldProblem FailureProblem(ProofRecord record)
    {
        if (record.ErrorCode == "faulty-key")
        {
            return OutOfService($"proof {record.Id}: {record.Error}");
        }
        var (status, title, retryAfter) = record.ErrorCode switch
        {
            "invalid-input" => (StatusCodes.Status400BadRequest, "Invalid inputs", (int?)null),
            "circuit-failed" => (StatusCodes.Status422UnprocessableEntity, "The circuit refused the inputs", null),
            "circuit-trapped" => (StatusCodes.Status422UnprocessableEntity, "The circuit stopped", null),
            "deadline" => (StatusCodes.Status504GatewayTimeout, "Proof deadline exceeded", null),
            ProofWorkers.ShuttingDownCode => (StatusCodes.Status503ServiceUnavailable, "Service stopping", StoppingRetryAfterSeconds),
            JobLeases.InterruptedCode => (StatusCodes.Status503ServiceUnavailable, "Proof interrupted", InternalRetryAfterSeconds),
            Provers.ProverFailureException.Crashed => (StatusCodes.Status503ServiceUnavailable, "Prover crashed", InternalRetryAfterSeconds),
            Provers.ProverFailureException.OutOfMemory => (StatusCodes.Status503ServiceUnavailable, "Prover out of memory", InternalRetryAfterSeconds),
            Provers.ProverFailureException.Unavailable => (StatusCodes.Status503ServiceUnavailable, "No prover ready", InternalRetryAfterSeconds),
            _ => (StatusCodes.Status503ServiceUnavailable, "Proof not made", InternalRetryAfterSeconds),
        };
        string detail = retryAfter is null || record.Error?.Contains("resubmit", StringComparison.Ordinal) == true
            ? $"proof {record.Id}: {record.Error}"
            : $"proof {record.Id}: {record.Error}; the proof was not made and nothing was stored: resubmit the request";
        // What the client sent made it fail (its inputs: refused, failing the circuit, or taking longer than the deadline),
        // or the service did (the circuit's key, a prover, the instance).
        string field = record.ErrorCode is "invalid-input" or "circuit-failed" or "circuit-trapped" or "deadline" ? "inputs" : "circuit_id";
        return ProblemResults.Of(status, title, detail, field, retryAfter);
    }

    /// <summary>503 from an instance that is stopping and takes no new proof requests.</summary>
    internal static FieldProblem Stopping() =>
        ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Service stopping",
            "this instance of the service is stopping and takes no new proof requests; resubmit the request (another instance, or this one once restarted, takes it)",
            "request", StoppingRetryAfterSeconds);

    /// <summary>A name or identifier from the request, shortened for a message.</summary>
    internal static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
