using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// Makes proofs in this process with the circuit's resident proving key and compiled witness calculator: the proof
/// workers' backend when PROVER_PROCESSES is 0, and what a prover process runs for each request. The witness is cleared
/// as soon as the proof is made.
/// </summary>
internal sealed class InProcessProver : IProvingBackend
{
    public Task<ProvingResult> ProveAsync(Guid jobId, ILoadedCircuit circuit, IReadOnlyList<InputSignal> inputs, CancellationToken cancellationToken) =>
        Task.FromResult(Prove(circuit, inputs, cancellationToken));

    /// <summary>Witness, proof and verification, on the calling thread.</summary>
    public static ProvingResult Prove(ILoadedCircuit circuit, IReadOnlyList<InputSignal> inputs, CancellationToken cancellationToken)
    {
        var calculator = circuit.Witness ?? throw new InvalidOperationException($"circuit {circuit.Descriptor.Id} is loaded without its witness calculator (proofs are made by prover processes)");
        var key = circuit.ProvingKey ?? throw new InvalidOperationException($"circuit {circuit.Descriptor.Id} is loaded without its proving key (proofs are made by prover processes)");
        Witness? witness = null;
        try
        {
            var clock = Stopwatch.StartNew();
            witness = calculator.Calculate(inputs, null, cancellationToken);
            double witnessMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            // The witness goes to the prover as field elements and the proof comes back typed: no file format in between.
            var proof = circuit.Prover.Prove(key, witness, new ProveOptions(), cancellationToken);
            witness.Clear();
            double proveMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var outcome = circuit.ProofSystem.Verify(circuit.VerificationKey, proof);
            double verifyMs = clock.Elapsed.TotalMilliseconds;
            // Written once, as snarkjs writes them, for the store and the responses.
            return new ProvingResult(proof.ToJson(), proof.PublicSignalsToJson(), witnessMs, proveMs, verifyMs, outcome);
        }
        catch (OutOfMemoryException)
        {
            throw new ProverFailureException(ProverFailureException.OutOfMemory,
                $"making the proof needed more memory than the prover may use (circuit {circuit.Descriptor.Id}); resubmit the request, or ask an operator to raise PROVER_MEMORY_LIMIT_MB");
        }
        finally
        {
            witness?.Clear();
        }
    }
}
