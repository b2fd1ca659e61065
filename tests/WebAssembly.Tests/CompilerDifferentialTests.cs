using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// Differential testing of the IL compiler against the reference interpreter: a few thousand random valid
/// programs (<see cref="ProgramGenerator"/>, seeded) run on both engines with the same arguments; each must return
/// the same value or trap with the same reason, make the same host calls, and leave the same memory behind.
/// </summary>
public class CompilerDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20261121;
    private const int Programs = 3000;
    private const uint MaxPages = 4;

    [Fact]
    public void Random_programs_behave_the_same_on_both_engines()
    {
        var watch = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        var opcodes = new HashSet<byte>();
        var differences = new List<string>();
        int differing = 0;
        for (int index = 0; index < Programs; index++)
        {
            var program = ProgramGenerator.Generate(Seed + index);
            WasmModule module;
            try
            {
                module = WasmDecoder.Decode(program.Module, $"program{index}.wasm");
                WasmValidator.Validate(module, opcodes);
            }
            catch (WasmFormatException e)
            {
                Assert.Fail($"generator bug: program {index} (seed {Seed} + {index}) is invalid: {e.Message}\n{program.Describe()}");
                return;
            }
            var interpreted = Run(Engine.Interpreter, module, program);
            var compiled = Run(Engine.Compiler, module, program);
            if (interpreted.Kind == "cancelled" || compiled.Kind == "cancelled")
            {
                Assert.Fail($"generator bug: program {index} (seed {Seed} + {index}) did not terminate\n{program.Describe()}");
            }
            string? difference = interpreted.Difference(compiled);
            if (difference is not null)
            {
                // Keep going, so that one discrepancy does not hide others; the first few are reported in full.
                differing++;
                if (differences.Count < 3)
                {
                    differences.Add($"program {index} (seed {Seed} + {index}): the engines differ: {difference}\n" +
                        $"interpreter: {interpreted}\ncompiler:    {compiled}\n{program.Describe()}");
                }
                continue;
            }
            string key = interpreted.Kind == "trap" ? TrapCategory(interpreted.Reason!) : "returned";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        Assert.True(differing == 0, $"{differing} of {Programs} programs behave differently on the two engines; the first:\n\n" + string.Join("\n\n", differences));
        output.WriteLine($"{Programs} programs in {watch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));

        // The generator must reach the interesting cases, not trap early in most programs.
        Assert.True(outcomes.GetValueOrDefault("returned") > Programs / 4, "too few programs return normally");
        foreach (var reason in new[] { "integer divide by zero", "integer overflow", "out of bounds memory access" })
        {
            Assert.True(outcomes.GetValueOrDefault(reason) > 0, $"no program trapped with \"{reason}\"");
        }
        byte[] required =
        [
            0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x11, 0x1a, 0x20, 0x21, 0x22, 0x3f, 0x40, 0x41, 0x42,
            0x28, 0x29, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e,
            .. Enumerable.Range(0x45, 0x5a - 0x45 + 1).Select(b => (byte)b),
            .. Enumerable.Range(0x67, 0x69 - 0x67 + 1).Select(b => (byte)b),
            .. Enumerable.Range(0x6a, 0x78 - 0x6a + 1).Select(b => (byte)b),
            .. Enumerable.Range(0x79, 0x8a - 0x79 + 1).Select(b => (byte)b),
            0xa7, 0xac, 0xad,
        ];
        var missing = required.Where(b => !opcodes.Contains(b)).Select(b => $"0x{b:x2}").ToList();
        Assert.True(missing.Count == 0, $"the generator never emitted {string.Join(", ", missing)}");
    }

    // Regressions: discrepancies the differential test found, reduced by hand. Each runs on both engines.

    [Theory]
    [MemberData(nameof(WasmInstanceTests.Engines), MemberType = typeof(WasmInstanceTests))]
    public void Regression_i32_rotr_by_a_constant_of_zero_is_false_in_an_if(Engine engine)
    {
        // From program 2993. local.get 0; i32.const 1; i32.rotr; if (result i32) i32.const 1 else i32.const 2 end
        var instance = Instance(engine, [0x20, 0x00, 0x41, 0x01, 0x78, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b]);

        Assert.Equal(2, (int)instance.Invoke("run", 0, 0));
        Assert.Equal(1, (int)instance.Invoke("run", 4, 0));
    }

    [Theory]
    [MemberData(nameof(WasmInstanceTests.Engines), MemberType = typeof(WasmInstanceTests))]
    public void Regression_i32_rotl_by_a_constant_of_zero_is_false_in_an_if(Engine engine)
    {
        // local.get 0; i32.const 1; i32.rotl; if (result i32) i32.const 1 else i32.const 2 end
        var instance = Instance(engine, [0x20, 0x00, 0x41, 0x01, 0x77, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b]);

        Assert.Equal(2, (int)instance.Invoke("run", 0, 0));
    }

    [Theory]
    [MemberData(nameof(WasmInstanceTests.Engines), MemberType = typeof(WasmInstanceTests))]
    public void Regression_i64_rotr_by_a_constant_of_zero_is_eqz(Engine engine)
    {
        // local.get 0; i64.extend_i32_u; i64.const 1; i64.rotr; i64.eqz
        var instance = Instance(engine, [0x20, 0x00, 0xad, 0x42, 0x01, 0x8a, 0x50, 0x0b]);

        Assert.Equal(1, (int)instance.Invoke("run", 0, 0));
        Assert.Equal(0, (int)instance.Invoke("run", 4, 0));
    }

    [Theory]
    [MemberData(nameof(WasmInstanceTests.Engines), MemberType = typeof(WasmInstanceTests))]
    public void Regression_an_i32_host_result_is_returned_sign_extended(Engine engine)
    {
        // A host function's i32 result is the low 32 bits of its return value (WasmHostFunction); Invoke returns
        // an i32 result sign-extended (IWasmInstance). run: i32.const 5; i64.const 0; call 0 (runtime.mix)
        var builder = new WasmModuleBuilder();
        int mix = builder.Type([ProgramGenerator.I32, ProgramGenerator.I64], ProgramGenerator.I32);
        int run = builder.Type([], ProgramGenerator.I32);
        builder.Import("runtime", "mix", mix);
        builder.Function(run, [0x00], [0x41, 0x05, 0x42, 0x00, 0x10, 0x00, 0x0b], "run");
        var imports = new Dictionary<string, WasmHostFunction> { ["runtime.mix"] = (_, _) => uint.MaxValue };
        var instance = WasmEngines.Instantiate(engine, WasmEngines.Load(builder.Build()), imports);

        Assert.Equal(-1L, instance.Invoke("run"));
    }

    private static IWasmInstance Instance(Engine engine, byte[] code) =>
        WasmEngines.Instantiate(engine, WasmEngines.Load(WasmBytes.ModuleWithBody(code)), new Dictionary<string, WasmHostFunction>
        {
            ["runtime.exceptionHandler"] = (_, arguments) => throw new InvalidOperationException($"code {(int)arguments[0]}"),
        });

    private static string TrapCategory(string reason)
    {
        int colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? reason : reason[..colon];
    }

    private static Outcome Run(Engine engine, WasmModule module, GeneratedProgram program)
    {
        var calls = new StringBuilder();
        var imports = new Dictionary<string, WasmHostFunction>
        {
            ["runtime.mix"] = (_, arguments) =>
            {
                calls.Append($"mix({(int)arguments[0]}, {arguments[1]}) ");
                return ProgramGenerator.Mix((int)arguments[0], arguments[1]);
            },
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = new WasmInstanceOptions { MaxPages = MaxPages, Cancellation = deadline.Token };
        var instance = WasmEngines.Instantiate(engine, module, imports, options);
        try
        {
            long value = instance.Invoke("run", program.Arguments);
            return new Outcome("returned", value, null, calls.ToString(), instance.Memory.ToArray());
        }
        catch (WasmTrapException e)
        {
            return new Outcome("trap", 0, e.Reason, calls.ToString(), instance.Memory.ToArray());
        }
        catch (OperationCanceledException)
        {
            return new Outcome("cancelled", 0, null, calls.ToString(), instance.Memory.ToArray());
        }
    }

    private sealed record Outcome(string Kind, long Value, string? Reason, string HostCalls, byte[] Memory)
    {
        public string? Difference(Outcome other)
        {
            if (Kind != other.Kind || Value != other.Value || Reason != other.Reason)
            {
                return "result";
            }
            if (HostCalls != other.HostCalls)
            {
                return "host calls";
            }
            if (Memory.Length != other.Memory.Length)
            {
                return $"memory size {Memory.Length} vs {other.Memory.Length}";
            }
            int at = Memory.AsSpan().CommonPrefixLength(other.Memory);
            return at < Memory.Length ? $"memory at byte {at}: 0x{Memory[at]:x2} vs 0x{other.Memory[at]:x2}" : null;
        }

        public override string ToString() =>
            (Kind == "returned" ? $"returned {Value} (0x{Value:x})" : Kind == "trap" ? $"trap \"{Reason}\"" : Kind) +
            $", {Memory.Length / 65536} pages, host calls [{HostCalls.TrimEnd()}]";
    }
}

/// <summary>A generated module with "run" (i32, i64, i32) -> i32 or i64, its helper and the arguments to call run with.</summary>
internal sealed record GeneratedProgram(int Seed, byte[] Module, byte[] RunCode, byte[] HelperCode, byte RunResult, long[] Arguments)
{
    public string Describe() =>
        $"seed {Seed}; run(i32 {Arguments[0]}, i64 {Arguments[1]}, i32 {Arguments[2]}) -> {(RunResult == ProgramGenerator.I32 ? "i32" : "i64")}\n" +
        $"run body:    {Convert.ToHexString(RunCode)}\nhelper body: {Convert.ToHexString(HelperCode)}\nmodule:      {Convert.ToHexString(Module)}";
}

/// <summary>
/// Random valid function bodies for <see cref="CompilerDifferentialTests"/>. Code is generated as typed
/// expressions (each pushes exactly one value) and statements (net stack effect zero), so it is valid by
/// construction; the module is validated anyway. It aims at what the compiler does differently from the interpreter:
/// <list type="bullet">
/// <item>block, loop and if (with and without else) with empty, i32 and i64 results, nested, often as the second
/// operand of a binary operator so that the first sits on the operand stack below the block;</item>
/// <item>br to enclosing block, if and function labels (never to loops, which could then run forever) with extra
/// operands left below the branch value, br_if carrying a value at various heights, return, and dead code after them;</item>
/// <item>loops bounded by a counter local per loop nesting level: a back edge is taken only while the counter,
/// decremented on every attempt, was positive, and the counter is reset only before the loop is entered;</item>
/// <item>every integer operator with edge-case operands (zero divisors, MinValue / −1, shift counts ≥ the width),
/// loads and stores of every width with offsets near the memory end, memory.size and memory.grow;</item>
/// <item>calls from run to a helper function, to the host import runtime.mix, and call_indirect through a table of
/// [helper, runtime.mix, uninitialized] (3 elements) with matching, mismatching and out-of-range indices.</item>
/// </list>
/// </summary>
internal sealed class ProgramGenerator
{
    public const byte I32 = 0x7f;
    public const byte I64 = 0x7e;
    private const byte Void = 0x40;

    // Types: 0 (i32, i64) -> i32 (runtime.mix), 1 run -> i32, 2 run -> i64, 3 (i64, i32) -> i64 (helper).
    private const int MixType = 0;
    private const int HelperType = 3;
    private const uint MixFunction = 0;
    private const uint HelperFunction = 2;
    private const int MaxLoopNesting = 3;

    private static readonly int[] InterestingI32 = [0, 1, -1, 2, 7, 31, 32, 33, 63, 64, 0x80, 0xffff, 0x10000, int.MinValue, int.MaxValue, -7];
    private static readonly long[] InterestingI64 =
        [0, 1, -1, 2, 63, 64, 65, 127, 0xffffffffL, 1L << 32, long.MinValue, long.MaxValue, -7, 0x7fffffffL, int.MinValue];

    private readonly Random _random;
    private readonly List<byte> _code = [];
    private readonly List<(byte Type, bool IsLoop, int Counter)> _labels = [];
    private byte[] _locals = [];
    private int[] _counters = [];
    private bool _inRun;
    private byte _result;
    private int _limit;

    private ProgramGenerator(int seed) => _random = new Random(seed);

    /// <summary>The deterministic host import runtime.mix: (i32, i64) -> i32.</summary>
    public static long Mix(int a, long b) => unchecked(a * 31 + (int)(b ^ (b >>> 29)));

    public static GeneratedProgram Generate(int seed)
    {
        var generator = new ProgramGenerator(seed);
        return generator.Build(seed);
    }

    private GeneratedProgram Build(int seed)
    {
        byte runResult = _random.Next(2) == 0 ? I32 : I64;

        // helper (i64 p0, i32 p1) -> i64; locals 2-3 i32, 4-5 i64, 6-8 loop counters (i32).
        _inRun = false;
        byte[] helper = Body([I64, I32, I32, I32, I64, I64, I32, I32, I32], [6, 7, 8], I64, 120);
        // run (i32 p0, i64 p1, i32 p2); locals 3-5 i32, 6-8 i64, 9-11 loop counters (i32).
        _inRun = true;
        byte[] run = Body([I32, I64, I32, I32, I32, I32, I64, I64, I64, I32, I32, I32], [9, 10, 11], runResult, 480);

        var builder = new WasmModuleBuilder { MemoryMinimum = 1, TableSize = 3 };
        builder.Type([I32, I64], I32);
        builder.Type([I32, I64, I32], I32);
        builder.Type([I32, I64, I32], I64);
        builder.Type([I64, I32], I64);
        builder.Import("runtime", "mix", MixType);
        builder.Function(runResult == I32 ? 1 : 2, WasmModuleBuilder.Locals((3, I32), (3, I64), (3, I32)), run, "run");
        builder.Function(HelperType, WasmModuleBuilder.Locals((2, I32), (2, I64), (3, I32)), helper);
        builder.TableElements.AddRange([HelperFunction, MixFunction]);
        var data = new byte[64];
        _random.NextBytes(data);
        builder.Data = data;

        long[] arguments = [I32Value(), I64Value(), I32Value()];
        return new GeneratedProgram(seed, builder.Build(), run, helper, runResult, arguments);
    }

    private byte[] Body(byte[] locals, int[] counters, byte result, int limit)
    {
        _code.Clear();
        _labels.Clear();
        _locals = locals;
        _counters = counters;
        _result = result;
        _limit = limit;
        _labels.Add((result, false, -1));
        Sequence(result, 5);
        _labels.RemoveAt(_labels.Count - 1);
        _code.Add(0x0b);
        return [.. _code];
    }

    private bool Full => _code.Count >= _limit;

    private int Roll(int n) => _random.Next(n);

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private byte AnyType() => Chance(50) ? I32 : I64;

    // Statements, then the value of type `type` (or nothing for Void), or a branch out with junk below its value.
    private void Sequence(byte type, int depth)
    {
        int statements = Full ? 0 : Roll(4);
        for (int i = 0; i < statements; i++)
        {
            Statement(depth - 1);
        }
        if (Full || !Chance(25))
        {
            Value(type, depth);
            return;
        }
        // Junk left on the operand stack below the branch.
        int junk = Roll(3);
        for (int i = 0; i < junk; i++)
        {
            Expression(AnyType(), depth - 2);
        }
        if (Chance(15))
        {
            Expression(_result, depth - 1);
            _code.Add(0x0f); // return
        }
        else
        {
            int target = BranchTarget();
            Value(_labels[target].Type, depth - 1);
            _code.Add(0x0c);
            Leb((uint)(_labels.Count - 1 - target));
        }
        // Dead code, which validation types against a polymorphic stack and the compiler must skip.
        if (Chance(30))
        {
            Statement(1);
            Value(type, 1);
        }
    }

    private void Value(byte type, int depth)
    {
        if (type != Void)
        {
            Expression(type, depth);
        }
    }

    /// <summary>A label a branch may target: a block, an if or the function, never a loop.</summary>
    private int BranchTarget()
    {
        while (true)
        {
            int target = Roll(_labels.Count);
            if (!_labels[target].IsLoop)
            {
                return target;
            }
        }
    }

    private void Statement(int depth)
    {
        if (Full || depth <= 0)
        {
            LocalSet(depth);
            return;
        }
        switch (Roll(10))
        {
            case 0:
                LocalSet(depth);
                return;
            case 1:
            case 2:
                Store(depth);
                return;
            case 3:
                Expression(AnyType(), depth - 1);
                _code.Add(0x1a); // drop
                return;
            case 4:
            {
                // br_if, carrying a value when the target has a result; the value is dropped when not taken.
                int target = BranchTarget();
                byte type = _labels[target].Type;
                Value(type, depth - 1);
                Condition(depth - 1);
                _code.Add(0x0d);
                Leb((uint)(_labels.Count - 1 - target));
                if (type != Void)
                {
                    _code.Add(0x1a);
                }
                return;
            }
            case 5:
            case 6:
                Structured(Void, depth - 1);
                return;
            case 7:
                Structured(AnyType(), depth - 1);
                _code.Add(0x1a);
                return;
            case 8:
                Continue(depth - 1);
                return;
            default:
                LocalTee(AnyType(), depth - 1);
                _code.Add(0x1a);
                return;
        }
    }

    private void LocalSet(int depth)
    {
        int local = WritableLocal(AnyType(), out byte type);
        Expression(type, depth - 1);
        _code.Add(0x21);
        Leb((uint)local);
    }

    private void LocalTee(byte type, int depth)
    {
        int local = WritableLocal(type, out _);
        Expression(type, depth);
        _code.Add(0x22);
        Leb((uint)local);
    }

    private int WritableLocal(byte wanted, out byte type)
    {
        while (true)
        {
            int local = Roll(_locals.Length);
            if (_locals[local] == wanted && !_counters.Contains(local))
            {
                type = wanted;
                return local;
            }
        }
    }

    private void Store(int depth)
    {
        bool wide = Chance(50);
        byte opcode = wide ? Pick<byte>([0x37, 0x3c, 0x3d, 0x3e]) : Pick<byte>([0x36, 0x3a, 0x3b]);
        Address(depth - 1);
        Expression(wide ? I64 : I32, depth - 1);
        MemoryImmediate(opcode);
    }

    private void MemoryImmediate(byte opcode)
    {
        int natural = opcode switch
        {
            0x29 or 0x37 => 3,
            0x28 or 0x34 or 0x35 or 0x36 or 0x3e => 2,
            0x2e or 0x2f or 0x32 or 0x33 or 0x3b or 0x3d => 1,
            _ => 0,
        };
        _code.Add(opcode);
        Leb((uint)Roll(natural + 1));
        uint offset = Roll(10) switch
        {
            < 5 => 0,
            < 8 => (uint)Roll(64),
            8 => (uint)(65536 - Roll(12)),
            _ => Pick<uint>([uint.MaxValue, 0x7fffffff, 4 * 65536 - 4]),
        };
        Leb(offset);
    }

    private void Address(int depth)
    {
        switch (Roll(10))
        {
            case < 5:
                Const32(Roll(1024));
                return;
            case 5:
                Const32(65536 - Roll(12));
                return;
            case 6:
            case 7:
                Expression(I32, depth);
                Const32(0x3ff);
                _code.Add(0x71); // i32.and
                return;
            case 8:
                Const32(Pick([-1, -4, 2 * 65536 - 2, 3 * 65536 + 100]));
                return;
            default:
                Expression(I32, depth);
                return;
        }
    }

    private void Condition(int depth)
    {
        Expression(I32, depth);
        if (Chance(50))
        {
            Const32(Pick([1, 3]));
            _code.Add(0x71);
        }
    }

    /// <summary>block, loop or if with the given result type (Void for none).</summary>
    private void Structured(byte type, int depth)
    {
        int kind = Roll(3);
        if (kind == 1 && _labels.Count(l => l.IsLoop) >= MaxLoopNesting)
        {
            kind = 0;
        }
        switch (kind)
        {
            case 0:
                _code.AddRange([0x02, type]);
                _labels.Add((type, false, -1));
                Sequence(type, depth);
                break;
            case 1:
            {
                int counter = _counters[_labels.Count(l => l.IsLoop)];
                Const32(1 + Roll(3));
                _code.Add(0x21);
                Leb((uint)counter);
                _code.AddRange([0x03, type]);
                _labels.Add((type, true, counter));
                int statements = Roll(3);
                for (int i = 0; i < statements; i++)
                {
                    Statement(depth - 1);
                }
                if (Chance(85))
                {
                    Continue(depth - 1, _labels.Count - 1);
                }
                Sequence(type, depth);
                break;
            }
            default:
                Condition(depth - 1);
                _code.AddRange([0x04, type]);
                _labels.Add((type, false, -1));
                Sequence(type, depth);
                if (type != Void || Chance(50))
                {
                    _code.Add(0x05);
                    Sequence(type, depth);
                }
                break;
        }
        _labels.RemoveAt(_labels.Count - 1);
        _code.Add(0x0b);
    }

    /// <summary>
    /// A bounded back edge to an enclosing loop (the innermost unless <paramref name="loop"/> says which), sometimes
    /// with a junk operand below it: taken while the loop's counter was positive; the counter is decremented on every attempt.
    /// </summary>
    private void Continue(int depth, int loop = -1)
    {
        if (loop < 0)
        {
            var loops = Enumerable.Range(0, _labels.Count).Where(i => _labels[i].IsLoop).ToList();
            if (loops.Count == 0)
            {
                LocalSet(depth);
                return;
            }
            loop = Pick(loops);
        }
        bool junk = Chance(30);
        if (junk)
        {
            Expression(AnyType(), depth - 1);
        }
        uint counter = (uint)_labels[loop].Counter;
        _code.Add(0x20);
        Leb(counter);
        _code.Add(0x20);
        Leb(counter);
        Const32(1);
        _code.Add(0x6b); // i32.sub
        _code.Add(0x21);
        Leb(counter);
        Const32(0);
        _code.Add(0x4a); // i32.gt_s
        _code.Add(0x0d);
        Leb((uint)(_labels.Count - 1 - loop));
        if (junk)
        {
            _code.Add(0x1a);
        }
    }

    private void Expression(byte type, int depth)
    {
        if (Full || depth <= 0 || Chance(15))
        {
            Leaf(type);
            return;
        }
        if (type == I32)
        {
            I32Expression(depth);
        }
        else
        {
            I64Expression(depth);
        }
    }

    private void Leaf(byte type)
    {
        int roll = Roll(10);
        if (roll < 5)
        {
            var locals = Enumerable.Range(0, _locals.Length).Where(i => _locals[i] == type).ToList();
            _code.Add(0x20);
            Leb((uint)Pick(locals));
        }
        else if (type == I32 && roll == 9)
        {
            _code.AddRange([0x3f, 0x00]); // memory.size
        }
        else if (type == I32)
        {
            Const32(I32Value());
        }
        else
        {
            Const64(I64Value());
        }
    }

    private void I32Expression(int depth)
    {
        switch (Roll(20))
        {
            case 0:
                Expression(I32, depth - 1);
                _code.Add(Pick<byte>([0x45, 0x67, 0x68, 0x69]));
                return;
            case 1:
                Expression(I64, depth - 1);
                _code.Add(Pick<byte>([0x50, 0xa7]));
                return;
            case 2:
            case 3:
            case 4:
                Binary(I32, depth);
                return;
            case 5:
                Expression(I32, depth - 1);
                Expression(I32, depth - 1);
                _code.Add((byte)(0x46 + Roll(10)));
                return;
            case 6:
                Expression(I64, depth - 1);
                Expression(I64, depth - 1);
                _code.Add((byte)(0x51 + Roll(10)));
                return;
            case 7:
            case 8:
            {
                Address(depth - 1);
                MemoryImmediate(Pick<byte>([0x28, 0x2c, 0x2d, 0x2e, 0x2f]));
                return;
            }
            case 9:
                // memory.grow: mostly small deltas, sometimes −1 (a huge unsigned delta) or past the cap.
                if (Chance(80))
                {
                    Const32(Pick([0, 1, 1, 2, -1, 40000]));
                }
                else
                {
                    Expression(I32, depth - 1);
                }
                _code.AddRange([0x40, 0x00]);
                return;
            case 10:
                LocalTee(I32, depth - 1);
                return;
            case 11:
                Expression(I32, depth - 1);
                Expression(I64, depth - 1);
                _code.Add(0x10);
                Leb(MixFunction);
                return;
            case 12:
                if (_inRun)
                {
                    Expression(I32, depth - 1);
                    Expression(I64, depth - 1);
                    CallIndirect(MixType, expected: 1);
                    return;
                }
                goto case 11;
            case 13:
            case 14:
            case 15:
                Structured(I32, depth - 1);
                return;
            case 16:
            case 17:
                ValuedBrIf(I32, depth);
                return;
            default:
                Statement(depth - 1);
                Expression(I32, depth - 1);
                return;
        }
    }

    private void I64Expression(int depth)
    {
        switch (Roll(18))
        {
            case 0:
                Expression(I64, depth - 1);
                _code.Add(Pick<byte>([0x79, 0x7a, 0x7b]));
                return;
            case 1:
                Expression(I32, depth - 1);
                _code.Add(Pick<byte>([0xac, 0xad]));
                return;
            case 2:
            case 3:
            case 4:
                Binary(I64, depth);
                return;
            case 5:
            case 6:
                Address(depth - 1);
                MemoryImmediate(Pick<byte>([0x29, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35]));
                return;
            case 7:
                LocalTee(I64, depth - 1);
                return;
            case 8:
            case 9:
                if (_inRun)
                {
                    Expression(I64, depth - 1);
                    Expression(I32, depth - 1);
                    if (Chance(70))
                    {
                        _code.Add(0x10);
                        Leb(HelperFunction);
                    }
                    else
                    {
                        CallIndirect(HelperType, expected: 0);
                    }
                    return;
                }
                goto case 0;
            case 10:
            case 11:
            case 12:
                Structured(I64, depth - 1);
                return;
            case 13:
            case 14:
                ValuedBrIf(I64, depth);
                return;
            default:
                Statement(depth - 1);
                Expression(I64, depth - 1);
                return;
        }
    }

    /// <summary>call_indirect with the table element of the right function most of the time, else a wrong, uninitialized or out-of-range one.</summary>
    private void CallIndirect(int type, int expected)
    {
        if (Chance(75))
        {
            Const32(expected);
        }
        else
        {
            Const32(Pick([0, 1, 2, 3, -1]));
        }
        _code.Add(0x11);
        Leb((uint)type);
        _code.Add(0x00);
    }

    /// <summary>A br_if whose value stays as the expression's value when not taken, or a block to make it so.</summary>
    private void ValuedBrIf(byte type, int depth)
    {
        var targets = Enumerable.Range(0, _labels.Count).Where(i => !_labels[i].IsLoop && _labels[i].Type == type).ToList();
        if (targets.Count == 0 || Chance(30))
        {
            // A fresh block of this type whose body ends in a br_if to it, maybe with junk below the value; when
            // not taken, a br to the same block discards the junk (a block must end with exactly its result).
            _code.AddRange([0x02, type]);
            _labels.Add((type, false, -1));
            bool junk = Chance(60);
            if (junk)
            {
                Expression(AnyType(), depth - 2);
            }
            Expression(type, depth - 1);
            Condition(depth - 1);
            _code.AddRange([0x0d, 0x00]);
            if (junk)
            {
                _code.AddRange([0x0c, 0x00]);
            }
            _labels.RemoveAt(_labels.Count - 1);
            _code.Add(0x0b);
            return;
        }
        int target = Pick(targets);
        Expression(type, depth - 1);
        Condition(depth - 1);
        _code.Add(0x0d);
        Leb((uint)(_labels.Count - 1 - target));
    }

    private void Binary(byte type, int depth)
    {
        byte opcode = (byte)((type == I32 ? 0x6a : 0x7c) + Roll(15));
        int which = opcode - (type == I32 ? 0x6a : 0x7c);
        bool division = which is >= 3 and <= 6;
        bool shift = which >= 10;
        if (division && Chance(30))
        {
            if (type == I32)
            {
                Const32(int.MinValue);
            }
            else
            {
                Const64(long.MinValue);
            }
        }
        else
        {
            Expression(type, depth - 1);
        }
        if ((division || shift) && Chance(50))
        {
            if (type == I32)
            {
                Const32(division ? Pick([0, -1, 1, 2, -7]) : Pick([0, 1, 31, 32, 33, 63, 64, -1, int.MinValue]));
            }
            else
            {
                Const64(division ? Pick([0L, -1L, 1L, 2L, -7L]) : Pick([0L, 1L, 63L, 64L, 65L, 127L, -1L, 0x1_0000_0001L, long.MinValue]));
            }
        }
        else
        {
            Expression(type, depth - 1);
        }
        _code.Add(opcode);
    }

    private int I32Value() => Chance(60) ? Pick(InterestingI32) : _random.Next(int.MinValue, int.MaxValue);

    private long I64Value() => Chance(60) ? Pick(InterestingI64) : _random.NextInt64(long.MinValue, long.MaxValue);

    private void Const32(int value)
    {
        _code.Add(0x41);
        SignedLeb(value);
    }

    private void Const64(long value)
    {
        _code.Add(0x42);
        SignedLeb(value);
    }

    private void Leb(uint value) => _code.AddRange(WasmBytes.Leb(value));

    private void SignedLeb(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            _code.Add(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return;
            }
        }
    }
}
