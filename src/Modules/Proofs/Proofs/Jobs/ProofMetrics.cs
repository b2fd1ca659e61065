using System.Diagnostics.Metrics;
using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The Proofs module's instruments (meter "CredentialHub.Proofs"). Labels carry only the circuit id (from the
/// registry, so bounded), the outcome and the stage: never an input value.
/// </summary>
internal static class ProofMetrics
{
    public const string MeterName = Telemetry.MeterPrefix + "Proofs";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Generated = Meter.CreateCounter<long>("proof_generation_total", description: "Proof jobs by circuit and final status");

    public static readonly Counter<long> Verified = Meter.CreateCounter<long>("proof_verification_total", description: "Verifications by circuit and result");

    public static readonly Histogram<double> GenerationSeconds = Meter.CreateHistogram<double>("proof_generation_duration_seconds", "s", "Proof generation time by circuit and stage (queue, witness, prove, verify, total)");

    public static readonly Histogram<double> VerificationSeconds = Meter.CreateHistogram<double>("proof_verification_duration_seconds", "s", "Verification time by circuit");

    public static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>("proof_queue_depth", description: "Proof jobs waiting for a worker");

    public static readonly UpDownCounter<long> BusyWorkers = Meter.CreateUpDownCounter<long>("proof_workers_busy", description: "Workers making a proof");

    public static KeyValuePair<string, object?> Circuit(string id) => new("circuit", id);
}
