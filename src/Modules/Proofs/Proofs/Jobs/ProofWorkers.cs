using System.Collections.Concurrent;
using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Contracts;
using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The proof workers: <see cref="ProofsModuleOptions.MaxConcurrentProofs"/> dedicated threads (never the
/// request threads or the thread pool) taking jobs from a bounded queue. Each job runs witness → proof →
/// verification under its own deadline, which cancels the witness engine and the prover and frees the worker.
/// Private inputs and the witness are cleared as soon as they are used; only the proof and public signals are stored.
/// </summary>
internal sealed class ProofWorkers(ProofsModuleOptions options, IProofStore store, ILogger<ProofWorkers> logger, ICircuitCatalog catalog) : IHostedService, IDisposable
{
    private readonly BlockingCollection<ProofJob> _queue = new(new ConcurrentQueue<ProofJob>(), Math.Max(1, options.QueueCapacity));
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];

    /// <summary>Queues a job; false when the queue is full.</summary>
    public bool TryEnqueue(ProofJob job)
    {
        if (!_queue.TryAdd(job))
        {
            return false;
        }
        ProofMetrics.QueueDepth.Add(1);
        return true;
    }

    /// <summary>Seconds a refused client should wait: roughly one proof's worth of the queue ahead of it.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(options.ProofTimeout.TotalSeconds * Math.Max(1, _queue.Count) / Math.Max(1, options.MaxConcurrentProofs)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < Math.Max(1, options.MaxConcurrentProofs); i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"proof-worker-{i}" };
            _threads.Add(thread);
            thread.Start();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _queue.Dispose();
    }

    private void Work()
    {
        try
        {
            foreach (var job in _queue.GetConsumingEnumerable(_stopping.Token))
            {
                ProofMetrics.QueueDepth.Add(-1);
                ProofMetrics.BusyWorkers.Add(1);
                try
                {
                    Run(job);
                }
                finally
                {
                    ProofMetrics.BusyWorkers.Add(-1);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: jobs still queued end as failed below.
        }
        foreach (var job in _queue.GetConsumingEnumerable())
        {
            ProofMetrics.QueueDepth.Add(-1);
            Finish(job, Failed(job.Record, "shutdown", "the service stopped before the proof was made"), 0, 0);
        }
    }

    private void Run(ProofJob job)
    {
        string circuit = job.Circuit.Descriptor.Id;
        ProofMetrics.GenerationSeconds.Record((DateTimeOffset.UtcNow - job.EnqueuedAt).TotalSeconds, ProofMetrics.Circuit(circuit), new("stage", "queue"));
        if (catalog.FindOutage(circuit) is { } outage)
        {
            // Queued before its circuit was taken out of service (a faulty proving key): no proof attempt.
            job.DiscardInputs();
            Finish(job, Failed(job.Record, "faulty-key", outage.Detail), 0, 0);
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(options.ProofTimeout);
        var running = job.Record with { Status = ProofStatus.Running };
        Save(running, update: true);
        job.Record = running;
        double witnessMs = 0, proveMs = 0;
        var clock = Stopwatch.StartNew();
        byte[] inputs = job.TakeInputs();
        byte[]? witness = null;
        try
        {
            try
            {
                witness = job.Circuit.Witness.CalculateWtns(inputs, null, deadline.Token);
            }
            finally
            {
                Array.Clear(inputs);
            }
            witnessMs = clock.Elapsed.TotalMilliseconds;
            ProofMetrics.GenerationSeconds.Record(witnessMs / 1000, ProofMetrics.Circuit(circuit), new("stage", "witness"));
            clock.Restart();
            ProofArtifacts artifacts;
            using (var stream = new MemoryStream(witness, writable: false))
            {
                artifacts = job.Circuit.Prover.Prove(job.Circuit.ProvingKey, stream, "witness", new ProveOptions(), deadline.Token);
            }
            Array.Clear(witness);
            proveMs = clock.Elapsed.TotalMilliseconds;
            ProofMetrics.GenerationSeconds.Record(proveMs / 1000, ProofMetrics.Circuit(circuit), new("stage", "prove"));
            clock.Restart();
            var outcome = job.Circuit.ProofSystem.Verify(job.Circuit.VerificationKey,
                System.Text.Encoding.UTF8.GetBytes(artifacts.PublicSignalsJson), System.Text.Encoding.UTF8.GetBytes(artifacts.ProofJson));
            ProofMetrics.GenerationSeconds.Record(clock.Elapsed.TotalSeconds, ProofMetrics.Circuit(circuit), new("stage", "verify"));
            proveMs += clock.Elapsed.TotalMilliseconds;
            if (!outcome.IsValid)
            {
                logger.LogError("proof {ProofId} for circuit {Circuit} failed its own verification: {Reason}", job.Record.Id, circuit, outcome.Reason);
                var faulty = catalog.TakeOutOfService(circuit, outcome.Reason ?? "the verifier gave no reason");
                Finish(job, Failed(job.Record, "faulty-key", $"the proof did not pass verification after proving and was not stored: {faulty.Detail}"), witnessMs, proveMs);
                return;
            }
            Finish(job, job.Record with
            {
                Status = ProofStatus.Succeeded,
                ProofJson = artifacts.ProofJson,
                PublicSignalsJson = artifacts.PublicSignalsJson,
                CompletedAt = DateTimeOffset.UtcNow,
                WitnessMilliseconds = witnessMs,
                ProveMilliseconds = proveMs,
            }, witnessMs, proveMs);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            Finish(job, Failed(job.Record, "deadline", $"the proof was not finished within its deadline of {options.ProofTimeout.TotalSeconds:0.###} s and was stopped"), witnessMs, proveMs);
        }
        catch (OperationCanceledException)
        {
            Finish(job, Failed(job.Record, "shutdown", "the service stopped while the proof was being made"), witnessMs, proveMs);
        }
        catch (WitnessException e)
        {
            string code = e.Failure switch
            {
                WitnessFailure.InvalidInput => "invalid-input",
                WitnessFailure.CircuitFailed => "circuit-failed",
                WitnessFailure.Trapped => "circuit-trapped",
                _ => "circuit-invalid",
            };
            Finish(job, Failed(job.Record, code, e.Message), witnessMs, proveMs);
        }
        catch (ProvingException e)
        {
            Finish(job, Failed(job.Record, "proving-failed", e.Message), witnessMs, proveMs);
        }
        catch (Exception e)
        {
            logger.LogError(e, "proof {ProofId} for circuit {Circuit} failed unexpectedly", job.Record.Id, circuit);
            Finish(job, Failed(job.Record, "internal", "the proof could not be made because of an internal error"), witnessMs, proveMs);
        }
        finally
        {
            if (witness is not null)
            {
                Array.Clear(witness);
            }
        }
    }

    private void Finish(ProofJob job, ProofRecord final, double witnessMs, double proveMs)
    {
        job.Record = final;
        Save(final, update: true);
        string circuit = final.CircuitId;
        ProofMetrics.Generated.Add(1, ProofMetrics.Circuit(circuit), new("status", final.Status == ProofStatus.Succeeded ? "success" : final.ErrorCode ?? "failed"));
        ProofMetrics.GenerationSeconds.Record((DateTimeOffset.UtcNow - job.EnqueuedAt).TotalSeconds, ProofMetrics.Circuit(circuit), new("stage", "total"));
        if (final.Status == ProofStatus.Succeeded)
        {
            logger.LogInformation("proof {ProofId} for circuit {Circuit} made: witness {WitnessMs:0} ms, prove and verify {ProveMs:0} ms", final.Id, circuit, witnessMs, proveMs);
        }
        else
        {
            logger.LogWarning("proof {ProofId} for circuit {Circuit} failed: {ErrorCode}", final.Id, circuit, final.ErrorCode);
        }
        job.Completion.TrySetResult(final);
    }

    private static ProofRecord Failed(ProofRecord record, string code, string message) =>
        record with { Status = ProofStatus.Failed, ErrorCode = code, Error = message, CompletedAt = DateTimeOffset.UtcNow };

    private void Save(ProofRecord record, bool update)
    {
        try
        {
            (update ? store.UpdateAsync(record, CancellationToken.None) : store.AddAsync(record, CancellationToken.None)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "proof {ProofId}: the store refused the record", record.Id);
        }
    }
}
