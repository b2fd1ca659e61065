namespace CredentialHub.Monitoring.Contracts;

/// <summary>
/// How modules make themselves observable: a module creates its <c>System.Diagnostics.Metrics.Meter</c> named
/// <see cref="MeterPrefix"/> + its name (e.g. "CredentialHub.Proofs"), its <c>System.Diagnostics.ActivitySource</c>
/// named <see cref="ActivitySourcePrefix"/> + its name, and registers ASP.NET Core health checks; the Monitoring module
/// exports every such meter, traces every such source (over OTLP when configured) and reports every health check,
/// without knowing the modules. Instrument labels and span attributes carry bounded values only (circuit ids, proof
/// ids, results, stages), never request data.
/// </summary>
public static class Telemetry
{
    public const string MeterPrefix = "CredentialHub.";

    public const string ActivitySourcePrefix = "CredentialHub.";

    /// <summary>Span attribute: the circuit a proof is made for.</summary>
    public const string CircuitAttribute = "credentialhub.circuit.id";

    /// <summary>Span attribute: the proof job's id.</summary>
    public const string ProofAttribute = "credentialhub.proof.id";

    /// <summary>Span attribute: whether a verified proof was valid.</summary>
    public const string ValidAttribute = "credentialhub.proof.valid";

    /// <summary>Span attribute: how a proof job ended (<c>success</c> or its error code).</summary>
    public const string OutcomeAttribute = "credentialhub.proof.outcome";
}
