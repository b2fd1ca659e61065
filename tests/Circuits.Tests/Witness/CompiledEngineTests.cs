using CredentialHub.Circuits.Tests.Wasm;
using CredentialHub.WebAssembly;
using CredentialHub.WebAssembly.Compiler;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// The IL compiler where it differs most from the interpreter: the native stack, threads, cancellation; and the
/// vector circuits on both engines.
/// </summary>
public class CompiledEngineTests
{
    private const byte I32 = 0x7f;
    private const byte I64 = 0x7e;
    private const int UsedLocals = 64;
    private const int ExtraLocals = 1000;

    public static TheoryData<int> CallDepths() => new([new WasmInstanceOptions().MaxCallDepth, 1_000_000]);

    [Theory]
    [MemberData(nameof(CallDepths))]
    public void Deep_recursion_with_large_frames_traps_instead_of_overflowing_the_stack(int maxCallDepth)
    {
        var module = WasmEngines.Load(RecursionModule());
        var compiled = CompiledWasmModule.Compile(module);
        var instance = compiled.Instantiate(new Dictionary<string, WasmHostFunction>(), new WasmInstanceOptions { MaxCallDepth = maxCallDepth });

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0L));

        Assert.Contains("call stack exhausted", e.Reason);
        // The process and the module are fine afterwards: a fresh instance runs (n < 0 returns at once).
        var fresh = compiled.Instantiate(new Dictionary<string, WasmHostFunction>());
        Assert.Equal(-1L, fresh.Invoke("run", -1L));
    }

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

    [Fact]
    public async Task Cancellation_stops_a_compiled_endless_loop_within_the_deadline()
    {
        // loop br 0 end; i32.const 0
        var module = WasmEngines.Load(WasmBytes.ModuleWithBody([0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00, 0x0b]));

        await AssertCancelledWithinDeadline(module, cancellation => CompiledWasmModule.Compile(module)
            .Instantiate(ExceptionHandler, new WasmInstanceOptions { Cancellation = cancellation })
            .Invoke("run", 0, 0));
    }

    [Fact]
    public async Task Cancellation_stops_a_compiled_endless_call_chain_without_loops_or_recursion()
    {
        // 48 functions, each calling the next twice: 2^48 calls, with no loop and no recursion.
        var builder = new WasmModuleBuilder();
        int type = builder.Type([], null);
        const int Count = 48;
        for (uint f = 0; f < Count; f++)
        {
            byte[] code = f + 1 < Count ? [0x10, (byte)(f + 1), 0x10, (byte)(f + 1), 0x0b] : [0x0b];
            builder.Function(type, [0x00], code, f == 0 ? "run" : null);
        }
        var module = WasmEngines.Load(builder.Build());

        await AssertCancelledWithinDeadline(module, cancellation => CompiledWasmModule.Compile(module)
            .Instantiate(new Dictionary<string, WasmHostFunction>(), new WasmInstanceOptions { Cancellation = cancellation })
            .Invoke("run"));
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
    [MemberData(nameof(WasmInstanceTests.Engines), MemberType = typeof(WasmInstanceTests))]
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
        var calculator = new CircomWitnessCalculator(Vector("recursion", "O2", "circuit.wasm"), "recursion/O2/circuit.wasm", engine: WasmEngines.Kind(engine));

        var e = Assert.Throws<WasmTrapException>(() => calculator.Calculate(Vector("recursion", "overflow.json"), CancellationToken.None));

        Assert.StartsWith("out of bounds memory access", e.Reason);
    }

    private static readonly Dictionary<string, WasmHostFunction> ExceptionHandler = new()
    {
        ["runtime.exceptionHandler"] = (_, arguments) => throw new InvalidOperationException($"code {(int)arguments[0]}"),
    };

    private static async Task AssertCancelledWithinDeadline(WasmModule module, Func<CancellationToken, long> run)
    {
        Assert.NotNull(module);
        using var source = new CancellationTokenSource();
        var task = Task.Factory.StartNew(() => run(source.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(200);
        Assert.False(task.IsCompleted, "the endless code ended by itself");
        source.Cancel();

        // A generous bound: the point is that cancellation ends the run, not how fast (the loop polls every iteration).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// run (i64 n) -> i64: when n is negative returns n; otherwise copies n into 64 live locals, calls run (n + 1)
    /// and adds the locals to its result, so every frame keeps them; 1000 more locals are declared but unused.
    /// </summary>
    private static byte[] RecursionModule()
    {
        var code = new List<byte>
        {
            0x20, 0x00, 0x42, 0x00, 0x53, // local.get 0; i64.const 0; i64.lt_s
            0x04, 0x40, 0x20, 0x00, 0x0f, 0x0b, // if; local.get 0; return; end
        };
        for (int k = 1; k <= UsedLocals; k++)
        {
            code.AddRange([0x20, 0x00, 0x42, (byte)k, 0x7c, 0x21, (byte)k]); // local.set k (n + k)
        }
        code.AddRange([0x20, 0x00, 0x42, 0x01, 0x7c, 0x10, 0x00]); // call run (n + 1)
        for (int k = 1; k <= UsedLocals; k++)
        {
            code.AddRange([0x20, (byte)k, 0x7c]); // i64.add local k
        }
        code.Add(0x0b);
        var builder = new WasmModuleBuilder();
        int type = builder.Type([I64], I64);
        builder.Function(type, WasmModuleBuilder.Locals((UsedLocals, I64), (ExtraLocals, I32)), [.. code], "run");
        return builder.Build();
    }

    private static byte[] Vector(string circuit, string file) =>
        File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors", circuit, file));

    private static byte[] Vector(string circuit, string level, string file) =>
        File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors", circuit, level, file));
}
