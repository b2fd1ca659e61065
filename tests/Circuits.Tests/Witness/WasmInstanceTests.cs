using CredentialHub.Circuits.Tests.Wasm;
using CredentialHub.Circuits.Wasm;
using CredentialHub.Circuits.Wasm.Interpreter;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// The reference interpreter on hand-assembled bodies (<see cref="WasmBytes"/>: function 1 is exported as "run",
/// has type (i32, i32) -> i32 unless stated, and sits in table slot 0; memory is 1 page with no maximum).
/// </summary>
public class WasmInstanceTests
{
    private static readonly byte[] OneI32Local = [0x01, 0x01, 0x7f];

    [Theory]
    [InlineData(0x6a, 7, 5, 12)]
    [InlineData(0x6a, int.MaxValue, 1, int.MinValue)]
    [InlineData(0x6b, 0, 1, -1)]
    [InlineData(0x6c, 0x10000, 0x10000, 0)]
    [InlineData(0x6d, -7, 2, -3)]
    [InlineData(0x6e, -7, 2, 0x7ffffffc)]
    [InlineData(0x6f, -7, 2, -1)]
    [InlineData(0x6f, int.MinValue, -1, 0)]
    [InlineData(0x70, -7, 2, 1)]
    [InlineData(0x74, 1, 33, 2)]
    [InlineData(0x75, -8, 1, -4)]
    [InlineData(0x76, -8, 1, 0x7ffffffc)]
    [InlineData(0x77, int.MinValue, 1, 1)]
    [InlineData(0x78, 1, 1, int.MinValue)]
    [InlineData(0x48, -1, 0, 1)]
    [InlineData(0x49, -1, 0, 0)]
    [InlineData(0x4d, 3, 3, 1)]
    public void I32_binary_operations_follow_the_spec(byte opcode, int a, int b, int expected)
    {
        var instance = Instance([0x20, 0x00, 0x20, 0x01, opcode, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", a, b));
    }

    [Theory]
    [InlineData(0x6d, 1, 0, "integer divide by zero")]
    [InlineData(0x6e, 1, 0, "integer divide by zero")]
    [InlineData(0x6f, 1, 0, "integer divide by zero")]
    [InlineData(0x70, 1, 0, "integer divide by zero")]
    [InlineData(0x6d, int.MinValue, -1, "integer overflow")]
    public void Division_by_zero_and_signed_overflow_trap(byte opcode, int a, int b, string reason)
    {
        var instance = Instance([0x20, 0x00, 0x20, 0x01, opcode, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", a, b));

        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void I64_arithmetic_wraps_and_converts()
    {
        // (i64.extend_i32_u a * i64.extend_i32_u b) >> 32, wrapped to i32: the high word of a 32x32 product.
        var instance = Instance([0x20, 0x00, 0xad, 0x20, 0x01, 0xad, 0x7e, 0x42, 0x20, 0x88, 0xa7, 0x0b]);

        Assert.Equal(unchecked((int)0xfffffffe), (int)instance.Invoke("run", -1, -1));
    }

    [Fact]
    public void Loop_and_branches_sum_a_countdown()
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
        var instance = Instance(code, OneI32Local);

        Assert.Equal(5050, (int)instance.Invoke("run", 100, 0));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(0, 9)]
    public void Branch_out_of_a_block_carries_its_result(int condition, int expected)
    {
        // block (result i32) i32.const 7; local.get 0; br_if 0; drop; i32.const 9 end
        var instance = Instance([0x02, 0x7f, 0x41, 0x07, 0x20, 0x00, 0x0d, 0x00, 0x1a, 0x41, 0x09, 0x0b, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", condition, 0));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(0, 2)]
    public void If_else_selects_a_branch(int condition, int expected)
    {
        var instance = Instance([0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b]);

        Assert.Equal(expected, (int)instance.Invoke("run", condition, 0));
    }

    [Fact]
    public void Loads_are_little_endian_unaligned_and_bounds_checked()
    {
        var instance = Instance([0x20, 0x00, 0x28, 0x00, 0x00, 0x0b]);
        instance.Memory[1] = 0x78;
        instance.Memory[2] = 0x56;
        instance.Memory[3] = 0x34;
        instance.Memory[4] = 0x12;

        Assert.Equal(0x12345678, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(0, (int)instance.Invoke("run", WasmInstance.PageSize - 4, 0));
        Assert.Throws<WasmTrapException>(() => instance.Invoke("run", WasmInstance.PageSize - 3, 0));
        Assert.Throws<WasmTrapException>(() => instance.Invoke("run", -1, 0));
    }

    [Fact]
    public void Memory_grow_returns_minus_one_past_the_page_cap()
    {
        var instance = Instance([0x20, 0x00, 0x40, 0x00, 0x0b], options: new WasmInstanceOptions { MaxPages = 3 });

        Assert.Equal(1, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(-1, (int)instance.Invoke("run", 2, 0));
        Assert.Equal(2, (int)instance.Invoke("run", 1, 0));
        Assert.Equal(3, instance.Pages);
    }

    [Fact]
    public void Unbounded_recursion_traps_at_the_call_depth_limit()
    {
        var instance = Instance([0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0, 0));

        Assert.Contains("call stack exhausted", e.Reason);
    }

    [Fact]
    public void Call_indirect_with_the_wrong_signature_traps()
    {
        // local.get 0; i32.const 0; call_indirect (type 1: (i32) -> ()); i32.const 0
        var instance = Instance([0x20, 0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x41, 0x00, 0x0b]);

        var e = Assert.Throws<WasmTrapException>(() => instance.Invoke("run", 0, 0));

        Assert.Contains("does not have type 1", e.Reason);
    }

    [Fact]
    public void Host_exceptions_unwind_through_wasm_frames()
    {
        // local.get 0; call 0 (runtime.exceptionHandler); i32.const 0
        var instance = Instance([0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x0b]);

        var e = Assert.Throws<InvalidOperationException>(() => instance.Invoke("run", 42, 0));

        Assert.Equal("code 42", e.Message);
    }

    [Fact]
    public void Cancellation_is_observed_inside_an_endless_loop()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var instance = Instance([0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00, 0x0b], options: new WasmInstanceOptions { Cancellation = source.Token });

        Assert.ThrowsAny<OperationCanceledException>(() => instance.Invoke("run", 0, 0));
    }

    private static WasmInstance Instance(byte[] code, byte[]? locals = null, WasmInstanceOptions? options = null)
    {
        var module = WasmDecoder.Decode(WasmBytes.ModuleWithBody(locals ?? [0x00], code, WasmBytes.TypeI32I32ToI32), "test.wasm");
        WasmValidator.Validate(module);
        var imports = new Dictionary<string, WasmHostFunction>
        {
            ["runtime.exceptionHandler"] = (_, arguments) => throw new InvalidOperationException($"code {(int)arguments[0]}"),
        };
        return new WasmInstance(module, imports, options);
    }
}
