using CredentialHub.WebAssembly.Compiler;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// The IL compiler where it differs most from the interpreter: the native stack and cancellation. Its runs of
/// circom's witness calculators (concurrent runs, the vector circuits on both engines, the memory cap) are in
/// Circuits.Tests (Witness/CalculatorEngineTests).
/// </summary>
public class CompiledEngineTests
{
    private const byte I32 = 0x7f;
    private const byte I64 = 0x7e;
    private const int UsedLocals = 64;
    private const int ExtraLocals = 1000;

    /// <summary>Call-depth limits crossed with both lifetimes of the compiled code (tiered code has larger frames before it is optimised).</summary>
    public static TheoryData<int, bool> CallDepths() => new()
    {
        { new WasmInstanceOptions().MaxCallDepth, true },
        { 1_000_000, true },
        { new WasmInstanceOptions().MaxCallDepth, false },
        { 1_000_000, false },
    };

    [Theory]
    [MemberData(nameof(CallDepths))]
    public void Deep_recursion_with_large_frames_traps_instead_of_overflowing_the_stack(int maxCallDepth, bool unloadable)
    {
        var module = WasmEngines.Load(RecursionModule());
        var compiled = CompiledWasmModule.Compile(module, unloadable);
        Assert.Equal(unloadable, compiled.Unloadable);
        var instance = compiled.Instantiate(new Dictionary<string, WasmHostFunction>(), new WasmInstanceOptions { MaxCallDepth = maxCallDepth });

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0L));

        Assert.Contains("call stack exhausted", e.Reason);
        // The process and the module are fine afterwards: a fresh instance runs (n < 0 returns at once).
        var fresh = compiled.Instantiate(new Dictionary<string, WasmHostFunction>());
        Assert.Equal(-1L, fresh.Invoke("run", -1L));
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
}
