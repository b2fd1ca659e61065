namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// Both engines, the reference interpreter and the IL compiler (<see cref="Engine"/>), on hand-assembled bodies
/// (<see cref="WasmBytes"/>: function 1 is exported as "run", has type (i32, i32) -> i32 unless stated, and sits in
/// table slot 0; memory is 1 page with no maximum). Every test runs once per engine.
/// </summary>
public class WasmInstanceTests
{
    private static readonly byte[] OneI32Local = [0x01, 0x01, 0x7f];

    public static TheoryData<Engine> Engines() => new(WasmEngines.All);

    public static TheoryData<Engine, byte, int, int, int> I32BinaryCases()
    {
        (byte Opcode, int A, int B, int Expected)[] cases =
        [
            (0x6a, 7, 5, 12),
            (0x6a, int.MaxValue, 1, int.MinValue),
            (0x6b, 0, 1, -1),
            (0x6c, 0x10000, 0x10000, 0),
            (0x6d, -7, 2, -3),
            (0x6e, -7, 2, 0x7ffffffc),
            (0x6f, -7, 2, -1),
            (0x6f, int.MinValue, -1, 0),
            (0x70, -7, 2, 1),
            (0x74, 1, 33, 2),
            (0x75, -8, 1, -4),
            (0x76, -8, 1, 0x7ffffffc),
            (0x77, int.MinValue, 1, 1),
            (0x78, 1, 1, int.MinValue),
            (0x48, -1, 0, 1),
            (0x49, -1, 0, 0),
            (0x4d, 3, 3, 1),
        ];
        var data = new TheoryData<Engine, byte, int, int, int>();
        foreach (var engine in WasmEngines.All)
        {
            foreach (var (opcode, a, b, expected) in cases)
            {
                data.Add(engine, opcode, a, b, expected);
            }
        }
        return data;
    }

    public static TheoryData<Engine, byte, int, int, string> TrapCases()
    {
        (byte Opcode, int A, int B, string Reason)[] cases =
        [
            (0x6d, 1, 0, "integer divide by zero"),
            (0x6e, 1, 0, "integer divide by zero"),
            (0x6f, 1, 0, "integer divide by zero"),
            (0x70, 1, 0, "integer divide by zero"),
            (0x6d, int.MinValue, -1, "integer overflow"),
        ];
        var data = new TheoryData<Engine, byte, int, int, string>();
        foreach (var engine in WasmEngines.All)
        {
            foreach (var (opcode, a, b, reason) in cases)
            {
                data.Add(engine, opcode, a, b, reason);
            }
        }
        return data;
    }

    public static TheoryData<Engine, int, int> ConditionCases(int whenTrue, int whenFalse, int trueCondition)
    {
        var data = new TheoryData<Engine, int, int>();
        foreach (var engine in WasmEngines.All)
        {
            data.Add(engine, trueCondition, whenTrue);
            data.Add(engine, 0, whenFalse);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(I32BinaryCases))]
    public void I32_binary_operations_follow_the_spec(Engine engine, byte opcode, int a, int b, int expected)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x20, 0x01, opcode, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", a, b));
    }

    [Theory]
    [MemberData(nameof(TrapCases))]
    public void Division_by_zero_and_signed_overflow_trap(Engine engine, byte opcode, int a, int b, string reason)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x20, 0x01, opcode, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", a, b));

        Assert.Equal(reason, e.Reason);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void I64_arithmetic_wraps_and_converts(Engine engine)
    {
        // (i64.extend_i32_u a * i64.extend_i32_u b) >> 32, wrapped to i32: the high word of a 32x32 product.
        var instance = Instance(engine, [0x20, 0x00, 0xad, 0x20, 0x01, 0xad, 0x7e, 0x42, 0x20, 0x88, 0xa7, 0x0b]);

        Assert.Equal(unchecked((int)0xfffffffe), (int)instance.Invoke("run", -1, -1));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void I32_results_are_returned_sign_extended(Engine engine)
    {
        // i32.const -2 returned through Invoke: the 64-bit slot holds the sign-extended value.
        var instance = Instance(engine, [0x41, 0x7e, 0x0b]);

        Assert.Equal(-2L, instance.Invoke("run", 0, 0));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Loop_and_branches_sum_a_countdown(Engine engine)
    {
        byte[] code =
        [
            0x02, 0x40, 0x03, 0x40,
            0x20, 0x00, 0x45, 0x0d, 0x01,
            0x20, 0x02, 0x20, 0x00, 0x6a, 0x21, 0x02,
            0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00,
            0x0c, 0x00, 0x0b, 0x0b,
            0x20, 0x02, 0x0b,
        ];
        var instance = Instance(engine, code, OneI32Local);

        Assert.Equal(5050, (int)instance.Invoke("run", 100, 0));
    }

    [Theory]
    [MemberData(nameof(ConditionCases), 7, 9, 1)]
    public void Branch_out_of_a_block_carries_its_result(Engine engine, int condition, int expected)
    {
        // block (result i32) i32.const 7; local.get 0; br_if 0; drop; i32.const 9 end
        var instance = Instance(engine, [0x02, 0x7f, 0x41, 0x07, 0x20, 0x00, 0x0d, 0x00, 0x1a, 0x41, 0x09, 0x0b, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", condition, 0));
    }

    [Theory]
    [MemberData(nameof(ConditionCases), 1, 2, 5)]
    public void If_else_selects_a_branch(Engine engine, int condition, int expected)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", condition, 0));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Loads_are_little_endian_unaligned_and_bounds_checked(Engine engine)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x28, 0x00, 0x00, 0x0b]);
        instance.Memory[1] = 0x78;
        instance.Memory[2] = 0x56;
        instance.Memory[3] = 0x34;
        instance.Memory[4] = 0x12;

        Assert.Equal(0x12345678, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(0, (int)instance.Invoke("run", WasmInstantiation.PageSize - 4, 0));
        Assert.Throws<WasmTrapException>(() => instance.Invoke("run", WasmInstantiation.PageSize - 3, 0));
        Assert.Throws<WasmTrapException>(() => instance.Invoke("run", -1, 0));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Memory_grow_returns_minus_one_past_the_page_cap(Engine engine)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x40, 0x00, 0x0b], options: new WasmInstanceOptions { MaxPages = 3 });

        Assert.Equal(1, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(-1, (int)instance.Invoke("run", 2, 0));
        Assert.Equal(2, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(3, instance.Pages);
        Assert.Equal(3 * WasmInstantiation.PageSize, instance.Memory.Length);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Unbounded_recursion_traps_at_the_call_depth_limit(Engine engine)
    {
        var instance = Instance(engine, [0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0, 0));

        // The interpreter says "more than N nested calls"; the compiler says that too, or that the native stack is used up.
        Assert.Contains("call stack exhausted", e.Reason);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Call_indirect_with_the_wrong_signature_traps(Engine engine)
    {
        // local.get 0; i32.const 0; call_indirect (type 1: (i32) -> ()); i32.const 0
        var instance = Instance(engine, [0x20, 0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x41, 0x00, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0, 0));

        Assert.Contains("does not have type 1", e.Reason);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Call_indirect_past_the_table_traps(Engine engine)
    {
        // i32.const 0; i32.const 0; local.get 0; call_indirect (type 2: (i32, i32) -> i32)
        var instance = Instance(engine, [0x41, 0x00, 0x41, 0x00, 0x20, 0x00, 0x11, 0x02, 0x00, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 1, 0));

        Assert.Equal("call_indirect: table index 1 is out of bounds (1 elements)", e.Reason);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Host_exceptions_unwind_through_wasm_frames(Engine engine)
    {
        // local.get 0; call 0 (runtime.exceptionHandler); i32.const 0
        var instance = Instance(engine, [0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x0b]);

        var e = Assert.Throws<InvalidOperationException>(() => instance.Invoke("run", 42, 0));

        Assert.Equal("code 42", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Cancellation_is_observed_inside_an_endless_loop(Engine engine)
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var instance = Instance(engine, [0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00, 0x0b], options: new WasmInstanceOptions { Cancellation = source.Token });

        Assert.ThrowsAny<OperationCanceledException>(() => instance.Invoke("run", 0, 0));
    }

    private static IWasmInstance Instance(Engine engine, byte[] code, byte[]? locals = null, WasmInstanceOptions? options = null)
    {
        var module = WasmEngines.Load(WasmBytes.ModuleWithBody(locals ?? [0x00], code, WasmBytes.TypeI32I32ToI32));
        var imports = new Dictionary<string, WasmHostFunction>
        {
            ["runtime.exceptionHandler"] = (_, arguments) => throw new InvalidOperationException($"code {(int)arguments[0]}"),
        };
        return WasmEngines.Instantiate(engine, module, imports, options);
    }
}
