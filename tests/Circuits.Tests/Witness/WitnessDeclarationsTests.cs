using System.Buffers.Binary;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// What a circuit.wasm declares before any input (getRawPrime, getWitnessSize), read when it is loaded: the witness size
/// is the number of values snarkjs's witness holds, on both engines and through the module's engine.
/// </summary>
public class WitnessDeclarationsTests
{
    /// <summary>nWitness from a .wtns header (section 1: u32 n8, prime[32], u32 nWitness; FORMATS §3).</summary>
    private static int WitnessCount(byte[] wtns) => (int)BinaryPrimitives.ReadUInt32LittleEndian(wtns.AsSpan(12 + 12 + 4 + 32));

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string circuit in WitnessVectors.Circuits)
        {
            data.Add(circuit, true);
            data.Add(circuit, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_declared_witness_size_is_snarkjs_witness_length_and_the_prime_is_r(string circuit, bool compiled)
    {
        byte[] wtns = WitnessVectors.Read(circuit, "witness.wtns");
        Assert.Equal(1, (int)BinaryPrimitives.ReadUInt32LittleEndian(wtns.AsSpan(12)));
        var calculator = new CircomWitnessCalculator(WitnessVectors.Read(circuit, "circuit.wasm"), "circuit.wasm", engine: compiled ? WasmEngineKind.Compiled : WasmEngineKind.Interpreted);
        var (prime, size) = calculator.ReadDeclarations(CancellationToken.None);
        Assert.Equal(CircuitInputs.FieldModulus, prime);
        Assert.Equal(WitnessCount(wtns), size);
        // The same count a run hands out.
        Assert.Equal(size, calculator.Calculate(WitnessVectors.Read(circuit, "input.json"), CancellationToken.None).Length);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void The_engine_states_them_on_the_loaded_calculator(string circuit)
    {
        IWitnessCalculator calculator = WitnessEngine.Create().Load(WitnessVectors.Read(circuit, "circuit.wasm"), "circuit.wasm");
        Assert.Equal(WitnessCount(WitnessVectors.Read(circuit, "witness.wtns")), calculator.WitnessLength);
        Assert.Equal(CircuitInputs.FieldModulus, calculator.Prime);
    }

    [Fact]
    public void A_cancelled_read_stops()
    {
        var calculator = new CircomWitnessCalculator(WitnessVectors.Read("multi", "circuit.wasm"), "circuit.wasm");
        Assert.ThrowsAny<OperationCanceledException>(() => calculator.ReadDeclarations(new CancellationToken(canceled: true)));
    }
}
