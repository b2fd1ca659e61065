using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Proofs.Tests.Jobs;

/// <summary>
/// The verification batcher in process, with the Groth16 backend's batch verification: whatever the batching, each
/// request gets exactly the outcome single verification gives (valid, the reason it is invalid, or the format error);
/// requests for several circuits at once are batched apart; a batch that fails is verified proof by proof.
/// </summary>
public sealed class VerificationBatcherTests
{
    /// <summary>A request: the circuit's snarkjs vector proof, with its own public signals or another's.</summary>
    private sealed record Request(ILoadedCircuit Circuit, byte[] PublicSignals, byte[] Proof)
    {
        /// <summary>What single verification says: the outcome, or the exception it throws.</summary>
        public object Expected()
        {
            try
            {
                return Circuit.ProofSystem.Verify(Circuit.VerificationKey, PublicSignals, Proof);
            }
            catch (ProofFormatException e)
            {
                return e;
            }
        }
    }

    private static async Task<List<Request>> RequestsAsync(string id)
    {
        var circuit = await TestCircuits.LoadAsync(id);
        byte[] Vector(string file) => TestCircuits.Vector(id, file);
        return
        [
            new(circuit, Vector("public.json"), Vector("proof.json")),
            new(circuit, Vector("public2.json"), Vector("proof2.json")),
            // Each proof with the other's public signals: invalid.
            new(circuit, Vector("public2.json"), Vector("proof.json")),
            new(circuit, Vector("public.json"), Vector("proof2.json")),
            // Not a proof at all.
            new(circuit, Vector("public.json"), "{\"pi_a\": 7}"u8.ToArray()),
        ];
    }

    private static async Task AssertSameAsSingleVerification(Request request, Task<VerificationOutcome> batched)
    {
        switch (request.Expected())
        {
            case VerificationOutcome expected:
                Assert.Equal(expected, await batched.WaitAsync(TimeSpan.FromSeconds(60)));
                break;
            case ProofFormatException expected:
                var thrown = await Assert.ThrowsAsync<ProofFormatException>(() => batched.WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.Equal(expected.Path, thrown.Path);
                Assert.Equal(expected.Message, thrown.Message);
                break;
        }
    }

    [Fact]
    public async Task Before_it_starts_a_proof_is_verified_at_once_on_the_callers_thread()
    {
        using var batcher = new VerificationBatcher(new TestLogger<VerificationBatcher>());
        foreach (var request in (await RequestsAsync(TestCircuits.Multi)).Take(4))
        {
            var task = batcher.VerifyAsync(request.Circuit, request.PublicSignals, request.Proof);
            Assert.True(task.IsCompletedSuccessfully);
            await AssertSameAsSingleVerification(request, task);
        }
    }

    [Fact]
    public async Task Concurrent_requests_for_several_circuits_each_get_the_outcome_single_verification_gives()
    {
        var requests = (await RequestsAsync(TestCircuits.Multi)).Concat(await RequestsAsync(TestCircuits.Poseidon)).ToList();
        Assert.Contains(requests, r => r.Expected() is VerificationOutcome { IsValid: true });
        Assert.Contains(requests, r => r.Expected() is VerificationOutcome { IsValid: false });
        Assert.Contains(requests, r => r.Expected() is ProofFormatException);
        var log = new TestLogger<VerificationBatcher>();
        using var batcher = new VerificationBatcher(log);
        await batcher.StartAsync(CancellationToken.None);
        try
        {
            // Many at once, interleaved: batches form while the verifier threads are busy.
            var all = Enumerable.Range(0, 8).SelectMany(_ => requests).ToList();
            var tasks = all.Select(r => batcher.VerifyAsync(r.Circuit, r.PublicSignals, r.Proof)).ToList();
            for (int i = 0; i < all.Count; i++)
            {
                await AssertSameAsSingleVerification(all[i], tasks[i]);
            }
        }
        finally
        {
            await batcher.StopAsync(CancellationToken.None);
        }
        Assert.Empty(log.Entries);
    }

    [Fact]
    public async Task When_a_batch_fails_its_proofs_are_verified_one_by_one()
    {
        var requests = await RequestsAsync(TestCircuits.Multi);
        var real = requests[0].Circuit;
        var failing = new WithProofSystem(real, new FailingBatches(real.ProofSystem));
        var log = new TestLogger<VerificationBatcher>();
        using var batcher = new VerificationBatcher(log);
        await batcher.StartAsync(CancellationToken.None);
        try
        {
            var tasks = requests.Select(r => (Request: r, Task: batcher.VerifyAsync(failing, r.PublicSignals, r.Proof))).ToList();
            foreach (var (request, task) in tasks)
            {
                await AssertSameAsSingleVerification(request, task);
            }
        }
        finally
        {
            await batcher.StopAsync(CancellationToken.None);
        }
        Assert.NotEmpty(log.Entries);
        Assert.All(log.Entries, e => Assert.Contains("for circuit multi failed; verifying them one by one", e.Message, StringComparison.Ordinal));
    }

    /// <summary>The real proof system, whose batch verification breaks (as a plugin's could).</summary>
    private sealed class FailingBatches(IProofSystem inner) : IProofSystem, IBatchVerifier
    {
        public string Id => inner.Id;

        public string Protocol => inner.Protocol;

        public string Curve => inner.Curve;

        public bool SupportsCurve(string curveName) => inner.SupportsCurve(curveName);

        public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => inner.LoadVerificationKey(verificationKeyJson);

        public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) =>
            inner.Verify(key, publicSignalsJson, proofJson);

        public IReadOnlyList<VerificationOutcome> VerifyBatch(IVerificationKey key, IReadOnlyList<ProofToVerify> items) =>
            throw new InvalidOperationException("the batch verifier broke");
    }

    /// <summary>A loaded circuit with another proof system in front of its own.</summary>
    private sealed class WithProofSystem(ILoadedCircuit circuit, IProofSystem proofSystem) : ILoadedCircuit
    {
        public CircuitDescriptor Descriptor => circuit.Descriptor;

        public IWitnessCalculator? Witness => circuit.Witness;

        public IProofSystem ProofSystem => proofSystem;

        public IProver Prover => circuit.Prover;

        public IProvingKey? ProvingKey => circuit.ProvingKey;

        public IVerificationKey VerificationKey => circuit.VerificationKey;

        public string VerificationKeyJson => circuit.VerificationKeyJson;
    }
}
