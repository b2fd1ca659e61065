using System.Text;
using CredentialHub.Circuits.Inputs;
using CredentialHub.WebAssembly;
using CredentialHub.WebAssembly.Interpreter;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Circuits.Tests.Witness;

public class CircomWitnessCalculatorTests
{
    private const string R = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

    public static TheoryData<string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var circuit in WitnessVectors.Circuits)
        {
            data.Add(circuit, "input.json", "witness.wtns");
            data.Add(circuit, "input2.json", "witness2.wtns");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Witness_matches_snarkjs_byte_for_byte(string circuit, string input, string expected)
    {
        var calculator = Calculator(circuit);

        var witness = calculator.Calculate(WitnessVectors.Read(circuit, input), CancellationToken.None);

        Assert.Equal(WitnessVectors.Read(circuit, expected), WtnsWriter.Write(witness));
    }

    [Fact]
    public void Unknown_input_name_is_refused_naming_it()
    {
        var json = WithField("poseidon", "\"nonsense\": \"1\"");

        var e = Assert.Throws<InputException>(() => Calculator("poseidon").Calculate(json, CancellationToken.None));

        Assert.Equal("nonsense", e.Signal);
        Assert.Contains("nonsense", e.Message);
    }

    [Fact]
    public void Wrong_number_of_values_is_refused_naming_the_signal()
    {
        var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(WitnessVectors.Read("multi", "input.json"))
            .Replace("\"11\", \"12\"]", "\"11\"]"));

        var e = Assert.Throws<InputException>(() => Calculator("multi").Calculate(json, CancellationToken.None));

        Assert.Equal("a", e.Signal);
        Assert.Contains("expects 12 values, got 11", e.Message);
    }

    [Fact]
    public void Missing_input_is_refused()
    {
        var json = Encoding.UTF8.GetBytes("{\"x\": \"3\"}");

        Assert.Throws<InputException>(() => Calculator("multi").Calculate(json, CancellationToken.None));
    }

    [Fact]
    public void Value_not_below_r_is_refused()
    {
        var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(WitnessVectors.Read("poseidon", "input.json"))
            .Replace("\"scope\": \"1\"", $"\"scope\": \"{R}\""));

        var e = Assert.Throws<InputException>(() => Calculator("poseidon").Calculate(json, CancellationToken.None));

        Assert.Equal("scope", e.Signal);
    }

    [Theory]
    [InlineData("\"value\": \"18\"", "\"value\": \"21\"")]
    [InlineData("\"salt\": \"987654321\"", "\"salt\": \"987654322\"")]
    public void Failing_constraint_surfaces_as_an_assert_with_circoms_message(string from, string to)
    {
        var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(WitnessVectors.Read("poseidon", "input.json")).Replace(from, to));

        var e = Assert.Throws<CircuitException>(() => Calculator("poseidon").Calculate(json, CancellationToken.None));

        Assert.Equal(4, e.Code);
        Assert.StartsWith("Assert Failed.", e.Message);
        Assert.Contains("line", e.Message);
    }

    [Fact]
    public void Cancelled_token_stops_the_run()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Calculator("poseidon").Calculate(WitnessVectors.Read("poseidon", "input.json"), source.Token));
    }

    [Fact]
    public void Cancellation_during_the_run_stops_it()
    {
        using var source = new CancellationTokenSource();
        var log = new List<string>();
        var calculator = Calculator("poseidon");
        source.CancelAfter(TimeSpan.FromMilliseconds(1));

        Assert.ThrowsAny<OperationCanceledException>(() => RunUntilCancelled(calculator, log, source.Token));
    }

    [Fact]
    public void Memory_cap_below_the_initial_memory_is_refused()
    {
        var calculator = new CircomWitnessCalculator(WitnessVectors.Read("poseidon", "circuit.wasm"), "poseidon/circuit.wasm", maxPages: 1);

        Assert.Throws<WasmTrapException>(() => calculator.Calculate(WitnessVectors.Read("poseidon", "input.json"), CancellationToken.None));
    }

    private static void RunUntilCancelled(CircomWitnessCalculator calculator, List<string> log, CancellationToken cancellation)
    {
        var input = WitnessVectors.Read("poseidon", "input.json");
        while (true)
        {
            calculator.Calculate(input, log, cancellation);
        }
    }

    private static CircomWitnessCalculator Calculator(string circuit) =>
        new(WitnessVectors.Read(circuit, "circuit.wasm"), $"{circuit}/circuit.wasm");

    private static byte[] WithField(string circuit, string field)
    {
        var text = Encoding.UTF8.GetString(WitnessVectors.Read(circuit, "input.json")).TrimEnd();
        return Encoding.UTF8.GetBytes(text[..^1].TrimEnd() + ", " + field + "}");
    }
}
