using System.Diagnostics.Metrics;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Proofs.Contracts;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The Proofs module's instruments (meter "CredentialHub.Proofs") and its <see cref="IProofObserver"/>s: each event is
/// recorded on the meter and handed to every observer. Labels carry only the circuit id (from the catalog, so bounded),
/// the outcome and the stage: never an input value.
/// </summary>
internal sealed class ProofMetrics(IEnumerable<IProofObserver> observers)
{
    public const string MeterName = Telemetry.MeterPrefix + "Proofs";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Generated = Meter.CreateCounter<long>("proof_generation_total", description: "Proof jobs by circuit and final status");

    private static readonly Counter<long> VerifiedTotal = Meter.CreateCounter<long>("proof_verification_total", description: "Verifications by circuit and result");

    private static readonly Histogram<double> GenerationSeconds = Meter.CreateHistogram<double>("proof_generation_duration_seconds", "s", "Proof generation time by circuit and stage (queue, witness, prove, verify, total)");

    private static readonly Histogram<double> VerificationSeconds = Meter.CreateHistogram<double>("proof_verification_duration_seconds", "s", "Verification time by circuit");

    public static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>("proof_queue_depth", description: "Proof jobs waiting for a worker");

    public static readonly UpDownCounter<long> BusyWorkers = Meter.CreateUpDownCounter<long>("proof_workers_busy", description: "Workers making a proof");

    private readonly IProofObserver[] _observers = [.. observers];

    /// <summary>A job ended with <paramref name="outcome"/>: <c>success</c> or its error code.</summary>
    public void JobEnded(string circuit, string outcome)
    {
        Generated.Add(1, Circuit(circuit), new("status", outcome));
        foreach (var observer in _observers)
        {
            observer.JobEnded(circuit, outcome);
        }
    }

    public void StageTimed(string circuit, ProofStage stage, double seconds)
    {
        GenerationSeconds.Record(seconds, Circuit(circuit), new("stage", StageName(stage)));
        foreach (var observer in _observers)
        {
            observer.StageTimed(circuit, stage, seconds);
        }
    }

    public void Verified(string circuit, bool valid, double seconds)
    {
        VerificationSeconds.Record(seconds, Circuit(circuit));
        VerifiedTotal.Add(1, Circuit(circuit), new("result", valid ? "valid" : "invalid"));
        foreach (var observer in _observers)
        {
            observer.Verified(circuit, valid, seconds);
        }
    }

    /// <summary>The label value of a stage: its name in lower case (<c>queue</c>, <c>witness</c>, <c>prove</c>, <c>verify</c>, <c>total</c>).</summary>
    public static string StageName(ProofStage stage) => stage switch
    {
        ProofStage.Queue => "queue",
        ProofStage.Witness => "witness",
        ProofStage.Prove => "prove",
        ProofStage.Verify => "verify",
        ProofStage.Total => "total",
        ProofStage.Boundary => "boundary",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a proof stage"),
    };

    /// <summary>
    /// Every way a proof job ends, as <c>proof_generation_total</c>'s <c>status</c> label carries it: <c>success</c> and
    /// each error code the workers, the proving endpoint and the job leases give.
    /// </summary>
    public static readonly IReadOnlyList<string> Outcomes =
    [
        "success", "invalid-input", "circuit-failed", "circuit-trapped", "circuit-invalid", "deadline", "faulty-key", "internal",
        "queue-full", ProofWorkers.ShuttingDownCode, JobLeases.InterruptedCode, Provers.FailureCodes.ProvingFailed,
        Provers.ProverFailureException.Crashed, Provers.ProverFailureException.OutOfMemory, Provers.ProverFailureException.Unavailable,
    ];

    /// <summary>The series of one circuit: every outcome, every stage, both verification results.</summary>
    public static IEnumerable<KnownSeries> Series(string circuit)
    {
        foreach (string outcome in Outcomes)
        {
            yield return new KnownSeries(Generated, [Circuit(circuit), new("status", outcome)]);
        }
        foreach (var stage in Enum.GetValues<ProofStage>())
        {
            yield return new KnownSeries(GenerationSeconds, [Circuit(circuit), new("stage", StageName(stage))]);
        }
        yield return new KnownSeries(VerificationSeconds, [Circuit(circuit)]);
        yield return new KnownSeries(VerifiedTotal, [Circuit(circuit), new("result", "valid")]);
        yield return new KnownSeries(VerifiedTotal, [Circuit(circuit), new("result", "invalid")]);
    }

    private static KeyValuePair<string, object?> Circuit(string id) => new("circuit", id);
}
