using CredentialHub.Circuits.Witness;
using CredentialHub.WebAssembly;
using CredentialHub.WebAssembly.Tests;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// circom's witness calculators on the two WebAssembly engines (the engine's own tests are in WebAssembly.Tests):
/// concurrent runs of one compiled calculator, the vector circuits on both engines, the memory cap and circom's
/// exception handler, and circom's memory outgrown by recursion.
/// </summary>
public class CalculatorEngineTests
{
    public static TheoryData<Engine> Engines() => new(WasmEngines.All);

    [Fact]
    public async Task One_compiled_calculator_serves_eight_concurrent_runs()
    {
        var calculator = new CircomWitnessCalculator(Vector("poseidon", "O2", "circuit.wasm"), "poseidon/O2/circuit.wasm", engine: WasmEngineKind.Compiled);
        byte[] input = Vector("poseidon", "input.json");
        byte[] expected = Vector("poseidon", "O2", "witness.wtns");
        using var start = new Barrier(8);

        var runs = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                return WtnsWriter.Write(calculator.Calculate(input, CancellationToken.None));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var witnesses = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(witnesses, witness => Assert.Equal(expected, witness));
    }

    [Theory]
    [MemberData(nameof(SnarkjsWitnessVectorTests.Cases), MemberType = typeof(SnarkjsWitnessVectorTests))]
    public void Both_engines_compute_the_same_witness_for_every_vector_circuit(string circuit, string level)
    {
        // SnarkjsWitnessVectorTests checks the compiled engine (the default) against snarkjs; this adds the interpreter.
        byte[] wasm = Vector(circuit, level, "circuit.wasm");
        byte[] input = Vector(circuit, "input.json");

        var interpreted = new CircomWitnessCalculator(wasm, $"{circuit}/{level}/circuit.wasm", engine: WasmEngineKind.Interpreted)
            .Calculate(input, CancellationToken.None);
        var compiled = new CircomWitnessCalculator(wasm, $"{circuit}/{level}/circuit.wasm", engine: WasmEngineKind.Compiled)
            .Calculate(input, CancellationToken.None);

        Assert.Equal(interpreted, compiled);
        Assert.Equal(Vector(circuit, level, "witness.wtns"), WtnsWriter.Write(interpreted));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Memory_growth_refused_at_the_cap_reaches_the_exception_handler_with_code_5(Engine engine)
    {
        // None of the vector circuits grows its memory while running (each runs with maxPages = its initial size),
        // so this is circom's pattern in miniature: memory.grow, and on −1 call runtime.exceptionHandler(5).
        // local.get 0; memory.grow; i32.const -1; i32.eq; if; i32.const 5; call 0; end; memory.size
        byte[] code = [0x20, 0x00, 0x40, 0x00, 0x41, 0x7f, 0x46, 0x04, 0x40, 0x41, 0x05, 0x10, 0x00, 0x0b, 0x3f, 0x00, 0x0b];
        var module = WasmEngines.Load(WasmBytes.ModuleWithBody(code));
        var imports = new Dictionary<string, WasmHostFunction>
        {
            ["runtime.exceptionHandler"] = (_, arguments) => throw new CircuitException((int)arguments[0], "Not enough memory."),
        };
        var instance = WasmEngines.Instantiate(engine, module, imports, new WasmInstanceOptions { MaxPages = 3 });

        Assert.Equal(3, (int)instance.Invoke("run", 2, 0));
        var e = Assert.Throws<CircuitException>(() => instance.Invoke("run", 1, 0));

        Assert.Equal(5, e.Code);
        Assert.Contains("Not enough memory", e.Message);
        Assert.Equal(3, instance.Pages);
    }

    [Theory]
    [InlineData("poseidon", "O2")]
    [InlineData("sha256", "O0")]
    public void Vector_circuits_run_within_their_initial_memory(string circuit, string level)
    {
        // Why the code-5 test above is synthetic: a cap of exactly the initial pages is enough for the whole run.
        byte[] wasm = Vector(circuit, level, "circuit.wasm");
        uint pages = WasmDecoder.Decode(wasm, "circuit.wasm").Memory!.Minimum;

        var witness = new CircomWitnessCalculator(wasm, $"{circuit}/{level}/circuit.wasm", maxPages: pages).Calculate(Vector(circuit, "input.json"), CancellationToken.None);

        Assert.Equal(Vector(circuit, level, "witness.wtns"), WtnsWriter.Write(witness));
        Assert.Throws<WasmTrapException>(() => new CircomWitnessCalculator(wasm, "circuit.wasm", maxPages: pages - 1).Calculate(Vector(circuit, "input.json"), CancellationToken.None));
    }

    [Theory]
    [InlineData(Engine.Compiler)]
    [InlineData(Engine.Interpreter)]
    public void A_circuit_whose_function_recursion_outgrows_circom_memory_traps_as_in_node(Engine engine)
    {
        // recursion/overflow.json recurses 3,000 levels: circom's function stack runs past the end of the memory
        // it laid out, and node stops with "memory access out of bounds" (checked by hand with snarkjs wtns
        // calculate); 2,000 levels (input.json) fit and match snarkjs's witness.
        var calculator = new CircomWitnessCalculator(Vector("recursion", "O2", "circuit.wasm"), "recursion/O2/circuit.wasm", engine: Kind(engine));

        var e = Assert.Throws<WasmTrapException>(() => calculator.Calculate(Vector("recursion", "overflow.json"), CancellationToken.None));

        Assert.StartsWith("out of bounds memory access", e.Reason);
    }

    private static byte[] Vector(string circuit, string file) =>
        File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors", circuit, file));

    private static byte[] Vector(string circuit, string level, string file) =>
        File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors", circuit, level, file));

    private static WasmEngineKind Kind(Engine engine) => engine == Engine.Compiler ? WasmEngineKind.Compiled : WasmEngineKind.Interpreted;
}
