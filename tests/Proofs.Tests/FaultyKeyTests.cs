using CredentialHub.Proofs.Provers;
using CredentialHub.Circuits;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Api;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using CredentialHub.Proofs.Tests.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;


namespace CredentialHub.Proofs.Tests;

/// <summary>
/// A proof that fails its own verification takes its circuit out of service (issue 13, item 3): the workers report it
/// to the catalog and end the job with <c>faulty-key</c>, jobs of that circuit still queued fail without a proof
/// attempt, the catalog keeps the first outage and audits it once, and no job failure is answered with a 500.
/// </summary>
public sealed class FaultyKeyTests
{
    private const string Id = "broken";

    private static ICircuitCatalog Catalog(TestLoggerFactory loggers) => TestCircuits.EmptyCatalog(loggers);

    private static async Task<ProofRecord> RunAsync(ProofWorkers workers, IProofStore store, ILoadedCircuit circuit)
    {
        var record = new ProofRecord(Guid.NewGuid(), circuit.Descriptor.Id, ProofStatus.Queued, null, null, null, null, DateTimeOffset.UtcNow, null, null, null);
        await store.AddAsync(record, CancellationToken.None);
        var job = new ProofJob(circuit, new InputReading([new InputSignal("secret", [7])], null), record);
        Assert.True(workers.TryEnqueue(job));
        return await job.Completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static ProofWorkers Workers(IProofStore store, ICircuitCatalog catalog, TestLoggerFactory loggers) =>
        new(Options.Create(new ProofsModuleOptions { MaxConcurrentProofs = 1 }), store,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(loggers.CreateLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>()),
            loggers.CreateLogger<ProofWorkers>(), catalog, new ProofMetrics([]), new InProcessProver());

    [Fact]
    public async Task A_proof_failing_its_own_verification_takes_the_circuit_out_of_service()
    {
        var loggers = new TestLoggerFactory();
        var catalog = Catalog(loggers);
        var store = new InMemoryProofStore();
        var system = new FakeProofSystem(valid: false);
        using var workers = Workers(store, catalog, loggers);
        await workers.StartAsync(CancellationToken.None);
        try
        {
            var final = await RunAsync(workers, store, new FakeCircuit(Id, system));
            Assert.Equal(ProofStatus.Failed, final.Status);
            Assert.Equal("faulty-key", final.ErrorCode);
            Assert.Contains($"circuit '{Id}' is out of service", final.Error, StringComparison.Ordinal);
            Assert.Contains("operator must replace its proving key", final.Error, StringComparison.Ordinal);
            var outage = catalog.FindOutage(Id);
            Assert.NotNull(outage);
            Assert.Contains("pairing check failed", outage.Reason, StringComparison.Ordinal);
            Assert.Equal([Id], catalog.OutOfService.Select(o => o.CircuitId));
            Assert.Equal(1, system.Proofs);
            Assert.Equal(final, await store.FindAsync(final.Id, CancellationToken.None));

            // A job of that circuit taken from the queue afterwards fails at once: no witness, no proof.
            var next = await RunAsync(workers, store, new FakeCircuit(Id, system));
            Assert.Equal("faulty-key", next.ErrorCode);
            Assert.Equal(outage.Detail, next.Error);
            Assert.Equal(1, system.Proofs);
            Assert.Equal(1, system.Witnesses);

            // Other circuits are not affected.
            var healthy = new FakeProofSystem(valid: true);
            var other = await RunAsync(workers, store, new FakeCircuit("other", healthy));
            Assert.Equal(ProofStatus.Succeeded, other.Status);
            Assert.Null(catalog.FindOutage("other"));
        }
        finally
        {
            await workers.StopAsync(CancellationToken.None);
        }
        var audit = loggers.Entries.Where(e => e.Category == "CredentialHub.Audit").ToList();
        Assert.Single(audit);
        Assert.Contains("faulty-proving-key", audit[0].Message, StringComparison.Ordinal);
        Assert.Contains(Id, audit[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_outage_is_kept_and_audited_once()
    {
        var loggers = new TestLoggerFactory();
        var catalog = Catalog(loggers);
        Assert.Null(catalog.FindOutage(Id));
        Assert.Empty(catalog.OutOfService);
        var first = catalog.TakeOutOfService(Id, "pairing check failed");
        var second = catalog.TakeOutOfService(Id, "something else");
        Assert.Same(first, second);
        Assert.Equal("out-of-service", CircuitOutage.Status);
        Assert.StartsWith($"circuit '{Id}' is out of service: ", first.Detail, StringComparison.Ordinal);
        Assert.Contains("an operator must replace its proving key", first.Detail, StringComparison.Ordinal);
        Assert.Single(loggers.Entries, e => e.Category == "CredentialHub.Audit" && e.Message.Contains("security event faulty-proving-key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("faulty-key", 503, 3600)]
    [InlineData("internal", 503, 1)]
    [InlineData("proving-failed", 503, 1)]
    [InlineData("circuit-invalid", 503, 1)]
    [InlineData("something-new", 503, 1)]
    [InlineData("shutting-down", 503, 5)]
    [InlineData("interrupted", 503, 1)]
    [InlineData("deadline", 504, null)]
    [InlineData("circuit-failed", 422, null)]
    [InlineData("invalid-input", 400, null)]
    public async Task Job_failures_map_to_problems_and_never_to_a_500(string code, int status, int? retryAfter)
    {
        var record = new ProofRecord(Guid.NewGuid(), Id, ProofStatus.Failed, null, null, code, "the proof could not be made because of an internal error", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await ProofProblems.FailureProblem(record).ExecuteAsync(context);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(retryAfter?.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } header ? header : null);
        context.Response.Body.Position = 0;
        string body = new StreamReader(context.Response.Body).ReadToEnd();
        Assert.Contains(record.Id.ToString(), body, StringComparison.Ordinal);
        if (retryAfter == 1)
        {
            Assert.Contains("resubmit", body, StringComparison.Ordinal);
        }
    }

    private sealed class FakeProofSystem(bool valid) : IProofSystem, IProver
    {
        private int _proofs;
        private int _witnesses;

        public int Proofs => Volatile.Read(ref _proofs);

        public int Witnesses => Volatile.Read(ref _witnesses);

        public string Id => "fake";

        public string Protocol => "groth16";

        public string Curve => "bn128";

        public bool SupportsCurve(string curveName) => curveName == Curve;

        public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => throw new NotSupportedException();

        public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) =>
            valid ? VerificationOutcome.Valid : VerificationOutcome.Invalid("pairing check failed");

        public IProvingKey LoadProvingKey(Stream zkey, string name) => throw new NotSupportedException();

        public Witness ReadWitness(Stream wtns, string name) => throw new NotSupportedException();

        public IProof Prove(IProvingKey key, Witness witness, ProveOptions options, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _proofs);
            return new FakeProof();
        }

        private sealed class FakeProof : IProof
        {
            public string ToJson() => "{\"pi_a\":[]}";

            public string PublicSignalsToJson() => "[\"1\"]";
        }

        public string ExportVerificationKey(IProvingKey key) => throw new NotSupportedException();

        public void CreateInsecureDevelopmentKey(Stream r1cs, string r1csName, Stream zkey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IWitnessCalculator Witness() => new FakeWitness(this);

        private sealed class FakeWitness(FakeProofSystem system) : IWitnessCalculator
        {
            public int WitnessLength => 1;

            public System.Numerics.BigInteger Prime => System.Numerics.BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617", System.Globalization.CultureInfo.InvariantCulture);

            public byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellationToken) =>
                throw new NotSupportedException();

            public Witness Calculate(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref system._witnesses);
                return new Witness("witness", Prime, 32, new byte[32]);
            }
        }
    }

    private sealed class FakeCircuit(string id, FakeProofSystem system) : ILoadedCircuit
    {
        public CircuitDescriptor Descriptor { get; } = new(id, "a test circuit", 0, "development", "groth16", "bn128", 1, [], null,
            new Dictionary<string, string> { ["zkey"] = "00" }, "bundled", null);

        public IWitnessCalculator Witness { get; } = system.Witness();

        public IProofSystem ProofSystem => system;

        public IProver Prover => system;

        public IProvingKey ProvingKey { get; } = new FakeKey();

        public IVerificationKey VerificationKey => null!;

        public string VerificationKeyJson => "{}";
    }

    /// <summary>A resident proving key as the workers see it: the fake proof system ignores it.</summary>
    private sealed class FakeKey : IProvingKey
    {
        public int PublicSignalCount => 1;

        public int WitnessLength => 1;

        public int DomainSize => 1;
    }
}
