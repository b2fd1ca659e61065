using System.Collections.Concurrent;
using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Contracts;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Proofs.Provers;
using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The proof workers: <see cref="ProofsModuleOptions.MaxConcurrentProofs"/> dedicated threads (never the
/// request threads or the thread pool) taking jobs from a bounded queue. Each job runs witness → proof →
/// verification under its own deadline, which cancels the witness engine and the prover and frees the worker.
/// Private inputs and the witness are cleared as soon as they are used; only the proof and public signals are stored.
/// On a stop signal (SIGTERM, as a rolling deploy sends) the workers drain: no new job is taken, queued jobs end at
/// once as failed (<c>shutting-down</c>), running proofs may finish within <see cref="ProofsModuleOptions.ShutdownDrain"/>
/// and are cancelled after it.
/// </summary>
internal sealed class ProofWorkers(IOptions<ProofsModuleOptions> options, IProofStore store, IHostApplicationLifetime lifetime, ILogger<ProofWorkers> logger, ICircuitCatalog catalog, ProofMetrics metrics, IProvingBackend backend) : IHostedService, IDisposable
{
    public const string ShuttingDownCode = "shutting-down";

    /// <summary>The message of a job ended unstarted because the service was stopping.</summary>
    public const string NotStartedMessage = "the service was stopping before this proof was started; resubmit the request";

    private readonly BlockingCollection<ProofJob> _queue = new(new ConcurrentQueue<ProofJob>(), Math.Max(1, options.Value.QueueCapacity));
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];
    private readonly ConcurrentDictionary<Guid, byte> _held = new();
    private readonly ConcurrentDictionary<Guid, ProofRecord> _unsaved = new();
    private CancellationTokenRegistration _onStopping;
    private volatile bool _draining;

    /// <summary>True once the service began stopping: no proof request is taken any more.</summary>
    public bool Draining => _draining;

    /// <summary>Queues a job; false when the queue is full or the service is stopping (<see cref="Draining"/>).</summary>
    public bool TryEnqueue(ProofJob job)
    {
        if (_draining)
        {
            return false;
        }
        try
        {
            if (!_queue.TryAdd(job))
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false; // adding completed: stopping
        }
        ProofMetrics.QueueDepth.Add(1);
        _held[job.Record.Id] = 0;
        return true;
    }

    /// <summary>
    /// The jobs this instance still works on: queued, running, or finished with an outcome the store has not taken
    /// yet (their leases are renewed; every other job of this instance may be ended by a sweep).
    /// </summary>
    public IReadOnlyCollection<Guid> HeldJobIds() => [.. _held.Keys, .. _unsaved.Keys];

    /// <summary>Stores the outcomes whose first save failed (the database was away); each is kept until stored or superseded.</summary>
    public async Task SaveUnsavedAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, record) in _unsaved)
        {
            try
            {
                await store.UpdateAsync(record, cancellationToken);
                _unsaved.TryRemove(id, out _);
                logger.LogInformation("proof {ProofId}: its outcome ({Status}) is stored now", id, record.Status);
            }
            catch (KeyNotFoundException)
            {
                _unsaved.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Seconds a refused client should wait: roughly one proof's worth of the queue ahead of it.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(options.Value.ProofTimeout.TotalSeconds * Math.Max(1, _queue.Count) / Math.Max(1, options.Value.MaxConcurrentProofs)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _onStopping = lifetime.ApplicationStopping.Register(BeginDrain);
        for (int i = 0; i < Math.Max(1, options.Value.MaxConcurrentProofs); i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"proof-worker-{i}" };
            _threads.Add(thread);
            thread.Start();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking jobs, ends the queued ones as <c>shutting-down</c> (the workers do it as they take them, without
    /// running them) and gives the running ones <see cref="ProofsModuleOptions.ShutdownDrain"/> to finish.
    /// </summary>
    public void BeginDrain()
    {
        if (_draining)
        {
            return;
        }
        _draining = true;
        _queue.CompleteAdding();
        logger.LogInformation("stopping: no new proof requests are taken; {Queued} queued proof jobs end as {Code}; running proofs may finish within {Drain} s",
            _queue.Count, ShuttingDownCode, options.Value.ShutdownDrain.TotalSeconds);
        try
        {
            _stopping.CancelAfter(options.Value.ShutdownDrain);
        }
        catch (ObjectDisposedException)
        {
        }
        // A worker busy with a running proof cannot end the jobs queued behind it: end them here.
        while (_queue.TryTake(out var job))
        {
            ProofMetrics.QueueDepth.Add(-1);
            EndUnstarted(job);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        var clock = Stopwatch.StartNew();
        var limit = options.Value.ShutdownDrain + TimeSpan.FromSeconds(5);
        foreach (var thread in _threads)
        {
            while (thread.IsAlive && clock.Elapsed < limit && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    public void Dispose()
    {
        _onStopping.Dispose();
        _stopping.Dispose();
        _queue.Dispose();
    }

    private void EndUnstarted(ProofJob job)
    {
        job.DiscardInputs();
        Finish(job, Failed(job.Record, ShuttingDownCode, NotStartedMessage), 0, 0);
    }

    private void Work()
    {
        try
        {
            foreach (var job in _queue.GetConsumingEnumerable(_stopping.Token))
            {
                ProofMetrics.QueueDepth.Add(-1);
                if (_draining)
                {
                    EndUnstarted(job);
                    continue;
                }
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
        while (_queue.TryTake(out var job))
        {
            ProofMetrics.QueueDepth.Add(-1);
            EndUnstarted(job);
        }
    }

    private void Run(ProofJob job)
    {
        using var span = ProofTracing.StartJob(job);
        RunStages(job);
        ProofTracing.EndJob(span, job.Record.Status == ProofStatus.Succeeded ? "success" : job.Record.ErrorCode ?? "failed");
    }

    private void RunStages(ProofJob job)
    {
        string circuit = job.Circuit.Descriptor.Id;
        using (ProofTracing.StartStage(ProofStage.Queue, job.EnqueuedAt))
        {
            metrics.StageTimed(circuit, ProofStage.Queue, (DateTimeOffset.UtcNow - job.EnqueuedAt).TotalSeconds);
        }
        if (catalog.FindOutage(circuit) is { } outage)
        {
            // Queued before its circuit was taken out of service (a faulty proving key): no proof attempt.
            job.DiscardInputs();
            Finish(job, Failed(job.Record, "faulty-key", outage.Detail), 0, 0);
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(options.Value.ProofTimeout);
        var running = job.Record with { Status = ProofStatus.Running };
        if (!Save(running, update: true) && Stored(running.Id) is { IsFinished: true } ended)
        {
            // Another instance ended it: its outcome stands, and this instance holds the job no longer.
            _held.TryRemove(ended.Id, out _);
            job.DiscardInputs();
            job.Record = ended;
            job.Completion.TrySetResult(ended);
            return;
        }
        job.Record = running;
        double witnessMs = 0, proveMs = 0;
        var inputs = job.TakeInputs();
        var started = DateTimeOffset.UtcNow;
        try
        {
            ProvingResult result;
            var call = Stopwatch.StartNew();
            try
            {
                // Inputs the witness calculator's rules refuse (found when the request was read) fail as its witness would.
                // Otherwise witness, proof and verification are made by the backend: in this process or a prover process.
                result = inputs.Problem is { } problem
                    ? throw new WitnessException(WitnessFailure.InvalidInput, problem.Problem)
                    : backend.ProveAsync(job.Record.Id, job.Circuit, inputs.Signals!, deadline.Token).GetAwaiter().GetResult();
            }
            finally
            {
                ProofJob.Clear(inputs);
            }
            witnessMs = result.WitnessMilliseconds;
            proveMs = result.ProveMilliseconds + result.VerifyMilliseconds;
            ProofTracing.RecordStages(started, result);
            metrics.StageTimed(circuit, ProofStage.Witness, result.WitnessMilliseconds / 1000);
            metrics.StageTimed(circuit, ProofStage.Prove, result.ProveMilliseconds / 1000);
            metrics.StageTimed(circuit, ProofStage.Verify, result.VerifyMilliseconds / 1000);
            metrics.StageTimed(circuit, ProofStage.Boundary, Math.Max(0, call.Elapsed.TotalMilliseconds - result.WitnessMilliseconds - result.ProveMilliseconds - result.VerifyMilliseconds) / 1000);
            // Verified where it was made, with the circuit's verification key (a prover process holds the same file, checked
            // against the same SHA-256): every verification a client asks for is made here, in the web process.
            var outcome = result.Verification;
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
                ProofJson = result.ProofJson,
                PublicSignalsJson = result.PublicSignalsJson,
                CompletedAt = DateTimeOffset.UtcNow,
                WitnessMilliseconds = witnessMs,
                ProveMilliseconds = proveMs,
            }, witnessMs, proveMs);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            Finish(job, Failed(job.Record, "deadline", $"the proof was not finished within its deadline of {options.Value.ProofTimeout.TotalSeconds:0.###} s and was stopped"), witnessMs, proveMs);
        }
        catch (OperationCanceledException)
        {
            Finish(job, Failed(job.Record, ShuttingDownCode, $"the service was stopping and the proof was not finished within the {options.Value.ShutdownDrain.TotalSeconds:0.###} s it allows running proofs; resubmit the request"), witnessMs, proveMs);
        }
        catch (WitnessException e)
        {
            // The witness stage is where it failed: its span ends now, with the error.
            ProofTracing.RecordFailedStage(ProofStage.Witness, started, FailureCodes.Code(e.Failure));
            Finish(job, Failed(job.Record, FailureCodes.Code(e.Failure), e.Message), witnessMs, proveMs);
        }
        catch (ProvingException e)
        {
            Finish(job, Failed(job.Record, FailureCodes.ProvingFailed, e.Message), witnessMs, proveMs);
        }
        catch (ProverFailureException e)
        {
            logger.LogError("proof {ProofId} for circuit {Circuit} failed in its prover: {ErrorCode}", job.Record.Id, circuit, e.Code);
            Finish(job, Failed(job.Record, e.Code, e.Message), witnessMs, proveMs);
        }
        catch (Exception e)
        {
            logger.LogError(e, "proof {ProofId} for circuit {Circuit} failed unexpectedly", job.Record.Id, circuit);
            Finish(job, Failed(job.Record, "internal", "the proof could not be made because of an internal error"), witnessMs, proveMs);
        }
    }

    private void Finish(ProofJob job, ProofRecord final, double witnessMs, double proveMs)
    {
        bool saved;
        try
        {
            saved = store.UpdateAsync(final, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException and not KeyNotFoundException)
        {
            // The database is away: keep the outcome and store it at the next lease renewal.
            logger.LogError("proof {ProofId}: its outcome could not be stored yet ({Message}); retried every {Interval} s", final.Id, e.Message, options.Value.LeaseRenewInterval.TotalSeconds);
            _unsaved[final.Id] = final;
            saved = true;
        }
        catch (KeyNotFoundException e)
        {
            logger.LogError(e, "proof {ProofId}: the store does not know the job", final.Id);
            saved = true;
        }
        _held.TryRemove(final.Id, out _);
        if (!saved && Stored(final.Id) is { IsFinished: true } ended)
        {
            // Another instance ended the job meanwhile (this one lost its lease: cut off from the database for longer
            // than a lease): the stored outcome stands, and the waiting request reports it.
            logger.LogWarning("proof {ProofId} for circuit {Circuit} was ended as {ErrorCode} by another instance before this one finished it", final.Id, final.CircuitId, ended.ErrorCode);
            job.Record = ended;
            job.Completion.TrySetResult(ended);
            return;
        }
        job.Record = final;
        string circuit = final.CircuitId;
        metrics.JobEnded(circuit, final.Status == ProofStatus.Succeeded ? "success" : final.ErrorCode ?? "failed");
        metrics.StageTimed(circuit, ProofStage.Total, (DateTimeOffset.UtcNow - job.EnqueuedAt).TotalSeconds);
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

    /// <summary>Stores the record; false when the store kept a final record instead (or refused).</summary>
    private bool Save(ProofRecord record, bool update)
    {
        try
        {
            if (update)
            {
                return store.UpdateAsync(record, CancellationToken.None).GetAwaiter().GetResult();
            }
            store.AddAsync(record, CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "proof {ProofId}: the store refused the record", record.Id);
            return false;
        }
    }

    private ProofRecord? Stored(Guid id)
    {
        try
        {
            return store.FindAsync(id, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "proof {ProofId}: the store could not be read", id);
            return null;
        }
    }
}
