using CredentialHub.Proofs.Provers;
using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Tests.Jobs;

/// <summary>
/// The proof workers in process, on real circuits (the Circuits module's catalog, the Groth16 backend) and the
/// in-memory proof store: a job runs witness → proof → verification and stores only the proof; refused inputs, a
/// deadline and a stop end it with their codes; the queue is bounded; a stop drains; an outcome the store cannot take
/// yet is kept until it can; a job another instance ended is not run.
/// </summary>
public sealed class ProofWorkersTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Workers over the in-memory store, with the application lifetime the host would give them.</summary>
    private sealed class Workers : IAsyncDisposable
    {
        private bool _started;

        public Workers(ProofsModuleOptions options)
        {
            Lifetime = new ApplicationLifetime(Loggers.CreateLogger<ApplicationLifetime>());
            Service = new ProofWorkers(Options.Create(options), Store, Lifetime, Loggers.CreateLogger<ProofWorkers>(), TestCircuits.CatalogAsync().GetAwaiter().GetResult(), new ProofMetrics([]), new InProcessProver());
        }

        public ObservedProofStore Store { get; } = new(new InMemoryProofStore());

        public TestLoggerFactory Loggers { get; } = new();

        public ApplicationLifetime Lifetime { get; }

        public ProofWorkers Service { get; }

        public async Task StartAsync()
        {
            await Service.StartAsync(CancellationToken.None);
            _started = true;
        }

        /// <summary>
        /// Reads the inputs and stores the job's record as the endpoint does (the request's bytes cleared once read),
        /// and queues the job; false when refused.
        /// </summary>
        public async Task<(ProofJob Job, bool Queued)> SubmitAsync(ILoadedCircuit circuit, byte[] inputs)
        {
            var reading = TestCircuits.Validator.Read(circuit.Descriptor, inputs);
            Array.Clear(inputs);
            Readings.AddOrUpdate(inputs, reading);
            var record = new ProofRecord(Guid.NewGuid(), circuit.Descriptor.Id, ProofStatus.Queued, null, null, null, null, DateTimeOffset.UtcNow, null, null, null);
            await Store.AddAsync(record, CancellationToken.None);
            var job = new ProofJob(circuit, reading, record);
            return (job, Service.TryEnqueue(job));
        }

        public async Task<ProofJob> QueueAsync(ILoadedCircuit circuit, byte[] inputs)
        {
            var (job, queued) = await SubmitAsync(circuit, inputs);
            Assert.True(queued, "the workers refused the job");
            return job;
        }

        public async ValueTask DisposeAsync()
        {
            if (_started)
            {
                await Service.StopAsync(CancellationToken.None);
            }
            else
            {
                Service.BeginDrain();
            }
            Service.Dispose();
        }
    }

    private static Task<ProofRecord> Outcome(ProofJob job) => job.Completion.Task.WaitAsync(Patience);

    /// <summary>The typed inputs read from each request body, to check that the workers cleared them.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], InputReading> Readings = [];

    private static void AssertCleared(byte[] inputs)
    {
        Assert.True(inputs.All(b => b == 0), "the private inputs were not cleared");
        Assert.True(Readings.TryGetValue(inputs, out var reading), "the inputs were never submitted");
        Assert.True((reading.Signals ?? []).All(signal => signal.Values.All(v => v.IsZero)), "the private inputs were not cleared");
    }

    [Fact]
    public async Task A_job_runs_witness_proof_and_verification_and_stores_only_the_proof_and_its_public_signals()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Multi);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1 });
        await workers.StartAsync();
        byte[] inputs = TestCircuits.Inputs(TestCircuits.Multi);

        var job = await workers.QueueAsync(circuit, inputs);
        var final = await Outcome(job);

        Assert.Equal(ProofStatus.Succeeded, final.Status);
        Assert.Null(final.ErrorCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TestCircuits.Vector(TestCircuits.Multi, "public.json")), JsonNode.Parse(final.PublicSignalsJson!)));
        var outcome = circuit.ProofSystem.Verify(circuit.VerificationKey, Encoding.UTF8.GetBytes(final.PublicSignalsJson!), Encoding.UTF8.GetBytes(final.ProofJson!));
        Assert.True(outcome.IsValid, outcome.Reason);
        Assert.NotNull(final.WitnessMilliseconds);
        Assert.NotNull(final.ProveMilliseconds);
        Assert.NotNull(final.CompletedAt);
        Assert.Equal(final, await workers.Store.FindAsync(final.Id, CancellationToken.None));
        AssertCleared(inputs);
        Assert.Empty(workers.Service.HeldJobIds());
    }

    [Theory]
    [InlineData("""{"x":"3","y":"11","z":"50","a":["1","2","3","4","5","6","7","8","9","10","11","12"],"k":"7"}""", "circuit-failed")]
    [InlineData("""{"x":"3","y":"11"}""", "invalid-input")]
    public async Task Inputs_the_circuit_refuses_end_the_job_with_the_witness_failure_and_no_proof(string inputJson, string code)
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Multi);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1 });
        await workers.StartAsync();
        byte[] inputs = Encoding.UTF8.GetBytes(inputJson);

        var final = await Outcome(await workers.QueueAsync(circuit, inputs));

        Assert.Equal(ProofStatus.Failed, final.Status);
        Assert.Equal(code, final.ErrorCode);
        Assert.Null(final.ProofJson);
        Assert.Null(final.PublicSignalsJson);
        Assert.Equal(final, await workers.Store.FindAsync(final.Id, CancellationToken.None));
        AssertCleared(inputs);
    }

    [Fact]
    public async Task A_proof_past_its_deadline_is_stopped_and_its_worker_takes_the_next_job()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Solvency);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1, ProofTimeout = TimeSpan.FromMilliseconds(1) });
        await workers.StartAsync();

        var first = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Solvency));
        var second = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Solvency));

        foreach (var final in new[] { await Outcome(first), await Outcome(second) })
        {
            Assert.Equal(ProofStatus.Failed, final.Status);
            Assert.Equal("deadline", final.ErrorCode);
            Assert.Equal("the proof was not finished within its deadline of 0.001 s and was stopped", final.Error);
            Assert.Null(final.ProofJson);
        }
    }

    [Fact]
    public async Task A_full_queue_refuses_the_job_and_retry_after_counts_the_queue_ahead()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Multi);
        // Not started: nothing takes the queued jobs.
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1, QueueCapacity = 2, ProofTimeout = TimeSpan.FromSeconds(10) });

        var first = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Multi));
        var second = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Multi));
        var (refused, queued) = await workers.SubmitAsync(circuit, TestCircuits.Inputs(TestCircuits.Multi));

        Assert.False(queued);
        Assert.False(refused.Completion.Task.IsCompleted);
        Assert.Equal(20, workers.Service.RetryAfterSeconds);
        Assert.Equal(new[] { first.Record.Id, second.Record.Id }.Order(), workers.Service.HeldJobIds().Order());
    }

    [Fact]
    public async Task A_stop_ends_queued_jobs_at_once_lets_the_running_one_finish_and_refuses_new_jobs()
    {
        var solvency = await TestCircuits.LoadAsync(TestCircuits.Solvency);
        var multi = await TestCircuits.LoadAsync(TestCircuits.Multi);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1, ProofTimeout = TimeSpan.FromSeconds(60), ShutdownDrain = TimeSpan.FromSeconds(60) });
        var running = await workers.QueueAsync(solvency, TestCircuits.Inputs(TestCircuits.Solvency));
        byte[] queuedInputs = TestCircuits.Inputs(TestCircuits.Multi);
        var queued = new[] { await workers.QueueAsync(multi, queuedInputs), await workers.QueueAsync(multi, TestCircuits.Inputs(TestCircuits.Multi)) };
        // The stop signal arrives as the only worker starts the first job: the other two are still queued.
        workers.Store.OnRunning = record => workers.Lifetime.StopApplication();

        await workers.StartAsync();

        foreach (var job in queued)
        {
            var final = await Outcome(job);
            Assert.Equal(ProofStatus.Failed, final.Status);
            Assert.Equal(ProofWorkers.ShuttingDownCode, final.ErrorCode);
            Assert.Equal(ProofWorkers.NotStartedMessage, final.Error);
            Assert.Equal(final, await workers.Store.FindAsync(final.Id, CancellationToken.None));
        }
        AssertCleared(queuedInputs);
        Assert.True(workers.Service.Draining);
        var (late, accepted) = await workers.SubmitAsync(multi, TestCircuits.Inputs(TestCircuits.Multi));
        Assert.False(accepted);

        Assert.Equal(ProofStatus.Succeeded, (await Outcome(running)).Status);
        Assert.False(late.Completion.Task.IsCompleted);
    }

    [Fact]
    public async Task A_running_proof_not_finished_within_the_drain_is_cancelled_as_shutting_down()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Solvency);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1, ProofTimeout = TimeSpan.FromSeconds(60), ShutdownDrain = TimeSpan.Zero });
        // The stop signal arrives once the job runs.
        workers.Store.OnRunning = record => workers.Service.BeginDrain();
        await workers.StartAsync();

        var running = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Solvency));

        var final = await Outcome(running);
        Assert.Equal(ProofStatus.Failed, final.Status);
        Assert.Equal(ProofWorkers.ShuttingDownCode, final.ErrorCode);
        Assert.Equal("the service was stopping and the proof was not finished within the 0 s it allows running proofs; resubmit the request", final.Error);
        Assert.Equal(final, await workers.Store.FindAsync(final.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_outcome_the_store_cannot_take_is_held_and_stored_once_the_store_is_back()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Multi);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1 });
        var store = workers.Store;
        await workers.StartAsync();
        store.Unreachable = true;
        var job = await workers.QueueAsync(circuit, TestCircuits.Inputs(TestCircuits.Multi));

        var final = await Outcome(job);

        Assert.Equal(ProofStatus.Succeeded, final.Status);
        Assert.Equal([final.Id], workers.Service.HeldJobIds());
        Assert.Equal(ProofStatus.Running, (await store.FindAsync(final.Id, CancellationToken.None))!.Status);
        Assert.Contains(workers.Loggers.Entries, e => e.Message.Contains("its outcome could not be stored yet (the database is away)", StringComparison.Ordinal));

        // Still away at the next renewal: the renewal sees the failure, the outcome stays held.
        await Assert.ThrowsAsync<TimeoutException>(() => workers.Service.SaveUnsavedAsync(CancellationToken.None));
        Assert.Equal([final.Id], workers.Service.HeldJobIds());

        store.Unreachable = false;
        await workers.Service.SaveUnsavedAsync(CancellationToken.None);

        Assert.Empty(workers.Service.HeldJobIds());
        Assert.Equal(final, await store.FindAsync(final.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_job_another_instance_ended_is_not_run_and_its_stored_outcome_stands()
    {
        var circuit = await TestCircuits.LoadAsync(TestCircuits.Multi);
        await using var workers = new Workers(new ProofsModuleOptions { MaxConcurrentProofs = 1 });
        byte[] inputs = TestCircuits.Inputs(TestCircuits.Multi);
        var job = await workers.QueueAsync(circuit, inputs);
        // Another instance's sweep ended the job while it was queued here (this one lost its lease).
        var ended = job.Record with { Status = ProofStatus.Failed, ErrorCode = "interrupted", Error = "its instance stopped", CompletedAt = DateTimeOffset.UtcNow };
        Assert.True(await workers.Store.UpdateAsync(ended, CancellationToken.None));

        await workers.StartAsync();

        var final = await Outcome(job);
        Assert.Equal("interrupted", final.ErrorCode);
        Assert.Null(final.ProofJson);
        Assert.Equal(final, await workers.Store.FindAsync(final.Id, CancellationToken.None));
        AssertCleared(inputs);
        Assert.Empty(workers.Service.HeldJobIds());
    }
}
