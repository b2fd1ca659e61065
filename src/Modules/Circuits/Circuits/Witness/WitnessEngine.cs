using System.Numerics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;
using CredentialHub.WebAssembly;

namespace CredentialHub.Circuits.Witness;

/// <summary>
/// The module's witness engine: circom's circuit.wasm compiled to IL and run by the JIT, its internal failures
/// reported as the contract's <see cref="WitnessException"/>. A loaded calculator is compiled once and serves any
/// number of concurrent runs, each with its own memory.
/// </summary>
internal static class WitnessEngine
{
    /// <param name="prepareWhenAccepted">
    /// Leave the JIT's background compilation of the whole module to <see cref="IPreparedWhenAccepted.Prepare"/>, which
    /// the circuit loader calls once the circuit passes its checks (so a refused upload leaves no work running);
    /// otherwise it starts as the calculator is loaded (the command line, which runs it at once).
    /// </param>
    /// <param name="unloadable">
    /// Compile each circuit to an assembly that is unloaded with it (the service, where a refused upload must leave
    /// nothing behind); otherwise to one that stays until the process ends and gets tiered compilation, quicker for a
    /// process that computes one witness (the command line).
    /// </param>
    public static IWitnessEngine Create(bool prepareWhenAccepted = false, bool unloadable = true) => new Engine(prepareWhenAccepted, unloadable);

    /// <summary>How long loading waits for the module's declarations (prime, witness size), which circom compiles to constants.</summary>
    private static readonly TimeSpan DeclarationTimeout = TimeSpan.FromSeconds(30);

    private sealed class Engine(bool prepareWhenAccepted, bool unloadable) : IWitnessEngine
    {
        public IWitnessCalculator Load(ReadOnlySpan<byte> wasm, string name)
        {
            try
            {
                var calculator = new CircomWitnessCalculator(wasm.ToArray(), name, prepare: !prepareWhenAccepted, unloadable: unloadable);
                // A module that loops in these constant functions is not a circom circuit: bound the wait.
                using var deadline = new CancellationTokenSource(DeclarationTimeout);
                var (prime, witnessSize) = calculator.ReadDeclarations(deadline.Token);
                return new Calculator(calculator, prime, witnessSize);
            }
            catch (OperationCanceledException)
            {
                throw new WitnessException(WitnessFailure.InvalidCircuit, $"{name}: getRawPrime/getWitnessSize did not return within {DeclarationTimeout.TotalSeconds:0} s");
            }
            catch (WasmFormatException e)
            {
                throw new WitnessException(WitnessFailure.InvalidCircuit, e.Message);
            }
            catch (CircuitException e)
            {
                throw new WitnessException(WitnessFailure.InvalidCircuit, $"{name}: {e.Message}", e.Code);
            }
            catch (WasmTrapException e)
            {
                throw new WitnessException(WitnessFailure.InvalidCircuit, $"{name}: {e.Message}");
            }
        }
    }

    private sealed class Calculator(CircomWitnessCalculator calculator, BigInteger prime, int witnessLength) : IWitnessCalculator, IPreparedWhenAccepted
    {
        public Task Prepare() => calculator.PrepareInBackground();

        public int WitnessLength { get; } = witnessLength;

        public BigInteger Prime { get; } = prime;

        public byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellationToken)
        {
            IReadOnlyList<InputSignal> inputs;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs = CircuitInputs.Parse(inputJson);
            }
            catch (InputException e)
            {
                throw new WitnessException(WitnessFailure.InvalidInput, e.Message);
            }
            return Run(() => calculator.CalculateWtns(inputs, log, cancellationToken));
        }

        public ProofSystems.Contracts.Witness Calculate(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellationToken) =>
            Run(() => calculator.CalculateWitness(inputs, log, cancellationToken));

        /// <summary>Runs the calculator, its failures reported as the contract's <see cref="WitnessException"/>.</summary>
        private static T Run<T>(Func<T> calculate)
        {
            try
            {
                return calculate();
            }
            catch (InputException e)
            {
                throw new WitnessException(WitnessFailure.InvalidInput, e.Message);
            }
            catch (CircuitException e)
            {
                throw new WitnessException(WitnessFailure.CircuitFailed, e.Message, e.Code);
            }
            catch (WasmTrapException e)
            {
                throw new WitnessException(WitnessFailure.Trapped, e.Message);
            }
        }
    }
}
