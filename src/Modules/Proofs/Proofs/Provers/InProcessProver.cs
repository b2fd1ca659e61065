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

    /// <summary>
    /// Runs the prover and the verifier once on a circuit just loaded, so that the first real proof does not pay for
    /// compiling their code at the circuit's sizes: a witness of random values but the constant 1 (no inputs needed, so
    /// any circuit can be warmed), proved and verified. The proof is not valid and is not kept; a failure only means the
    /// first real proof is slower, and is returned rather than thrown.
    /// </summary>
    public static WarmUp WarmUp(ILoadedCircuit circuit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (circuit.ProvingKey is not { } key)
        {
            return new WarmUp(null, null, clock.Elapsed, "the circuit is loaded without its proving key");
        }
        var modulus = key.ScalarFieldModulus ?? circuit.Witness?.Prime;
        if (modulus is not { } prime)
        {
            return new WarmUp(null, null, clock.Elapsed, "the proof system does not say its scalar field");
        }
        // Random values below 2^252 (< r) rather than zeros: the multi-scalar multiplications skip zero scalars, and
        // their bucket code would stay cold.
        if (circuit.Witness is { } calculator && circuit.Descriptor.Inputs.Count > 0)
        {
            // The witness engine once too, with zeros for the declared inputs: code before an assertion that zeros fail
            // has run by then, which is what matters here, so a refusal is expected and ignored.
            try
            {
                calculator.Calculate([.. circuit.Descriptor.Inputs.Select(i => new InputSignal(i.Name, new System.Numerics.BigInteger[i.Length]))], null, cancellationToken).Clear();
            }
            catch (WitnessException)
            {
            }
        }
        const int ElementSize = 32;
        var values = new byte[checked(key.WitnessLength * ElementSize)];
        System.Security.Cryptography.RandomNumberGenerator.Fill(values);
        for (int i = ElementSize - 1; i < values.Length; i += ElementSize)
        {
            values[i] &= 0x0f;
        }
        values.AsSpan(0, ElementSize).Clear();
        values[0] = 1;
        try
        {
            var proof = circuit.Prover.Prove(key, new Witness("warm-up witness", prime, ElementSize, values), new ProveOptions(), cancellationToken);
            string proofJson = proof.ToJson();
            string publicJson = proof.PublicSignalsToJson();
            circuit.ProofSystem.Verify(circuit.VerificationKey, System.Text.Encoding.UTF8.GetBytes(publicJson), System.Text.Encoding.UTF8.GetBytes(proofJson));
            return new WarmUp(proofJson, publicJson, clock.Elapsed, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return new WarmUp(null, null, clock.Elapsed, e.Message);
        }
    }
}
