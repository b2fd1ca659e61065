using System.Diagnostics;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Proofs.Contracts;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The Proofs module's spans (activity source "CredentialHub.Proofs"): one <c>proof.job</c> per job, a child of the
/// request that queued it (the job runs later, on a worker thread), with a child per stage: <c>proof.queue</c>,
/// <c>proof.witness</c>, <c>proof.prove</c>, <c>proof.verify</c>; and a <c>proof.verify</c> span for each verification a request asks for. Attributes are the circuit id, the job id and the
/// outcome: never an input value. Without a listener (no tracing configured) nothing is created.
/// </summary>
internal static class ProofTracing
{
    public const string SourceName = Telemetry.ActivitySourcePrefix + "Proofs";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of a whole job, from its queueing (<paramref name="job"/>'s enqueue time) to its end.</summary>
    public static Activity? StartJob(ProofJob job)
    {
        var activity = Source.StartActivity("proof.job", ActivityKind.Internal, job.Parent, startTime: job.EnqueuedAt);
        activity?.SetTag(Telemetry.CircuitAttribute, job.Circuit.Descriptor.Id);
        activity?.SetTag(Telemetry.ProofAttribute, job.Record.Id.ToString());
        return activity;
    }

    /// <summary>The span of a stage that begins now (a child of the current job span).</summary>
    public static Activity? StartStage(ProofStage stage, DateTimeOffset? startedAt = null) =>
        Source.StartActivity(Name(stage), ActivityKind.Internal, parentContext: Activity.Current?.Context ?? default, startTime: startedAt ?? default);

    /// <summary>
    /// The witness, prove and verify spans of a proof made by a backend that reports its stages' times (a prover process
    /// makes them in another process): children of the current job span, one after another from <paramref name="started"/>.
    /// </summary>
    public static void RecordStages(DateTimeOffset started, Provers.ProvingResult result)
    {
        var at = started;
        foreach (var (stage, milliseconds) in new[] { (ProofStage.Witness, result.WitnessMilliseconds), (ProofStage.Prove, result.ProveMilliseconds), (ProofStage.Verify, result.VerifyMilliseconds) })
        {
            using var activity = StartStage(stage, at);
            at += TimeSpan.FromMilliseconds(milliseconds);
            activity?.SetEndTime(at.UtcDateTime);
        }
    }

    /// <summary>The span of a stage that failed: from <paramref name="started"/> to now, with the error code as its status.</summary>
    public static void RecordFailedStage(ProofStage stage, DateTimeOffset started, string code)
    {
        using var activity = StartStage(stage, started);
        activity?.SetStatus(ActivityStatusCode.Error, code);
    }

    /// <summary>The span of a verification asked for by a request (a child of the request's span).</summary>
    public static Activity? StartVerification(string circuitId)
    {
        var activity = Source.StartActivity("proof.verify");
        activity?.SetTag(Telemetry.CircuitAttribute, circuitId);
        return activity;
    }

    /// <summary>Ends a job span with its outcome: <c>success</c>, or the error code as the span's error status.</summary>
    public static void EndJob(Activity? activity, string outcome)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag(Telemetry.OutcomeAttribute, outcome);
        activity.SetStatus(outcome == "success" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "success" ? null : outcome);
    }

    private static string Name(ProofStage stage) => stage switch
    {
        ProofStage.Queue => "proof.queue",
        ProofStage.Witness => "proof.witness",
        ProofStage.Prove => "proof.prove",
        ProofStage.Verify => "proof.verify",
        _ => "proof.job",
    };
}
