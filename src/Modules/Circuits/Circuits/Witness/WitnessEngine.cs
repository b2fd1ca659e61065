using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;
using CredentialHub.Circuits.Wasm;

namespace CredentialHub.Circuits.Witness;

/// <summary>
/// The module's witness engine: circom's circuit.wasm compiled to IL and run by the JIT, its internal failures
/// reported as the contract's <see cref="WitnessException"/>. A loaded calculator is compiled once and serves any
/// number of concurrent runs, each with its own memory.
/// </summary>
internal static class WitnessEngine
{
    public static IWitnessEngine Create() => new Engine();

    private sealed class Engine : IWitnessEngine
    {
        public IWitnessCalculator Load(ReadOnlySpan<byte> wasm, string name)
        {
            try
            {
                return new Calculator(new CircomWitnessCalculator(wasm.ToArray(), name, prepare: true));
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

    private sealed class Calculator(CircomWitnessCalculator calculator) : IWitnessCalculator
    {
        public byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellationToken)
        {
            try
            {
                return calculator.CalculateWtns(inputJson, log, cancellationToken);
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
