using static CredentialHub.WebAssembly.Tests.WasmBytes;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// Function-body and module validation (WebAssembly 1.0 §3, algorithm of §7.3) on hand-built modules whose
/// function 1 has the body under test; its code is the end of the file, so opcode offsets are computed from the end.
/// </summary>
public class WasmValidatorTests
{
    private static void Valid(byte[] code, byte type = TypeI32I32ToI32) =>
        WasmValidator.Validate(WasmDecoder.Decode(ModuleWithBody(code, type), "circuit.wasm"));

    /// <summary>Validates the body and returns the message, checking it names function 1 and the opcode's byte.</summary>
    private static string Refused(byte[] code, int opcodeIndex, byte type = TypeI32I32ToI32)
    {
        var bytes = ModuleWithBody(code, type);
        var module = WasmDecoder.Decode(bytes, "circuit.wasm");
        var error = Assert.Throws<WasmFormatException>(() => WasmValidator.Validate(module));
        int offset = bytes.Length - code.Length + opcodeIndex;
        Assert.StartsWith($"circuit.wasm: code section: function 1 at byte 0x{offset:x}: ", error.Message);
        return error.Message;
    }

    [Fact]
    public void AcceptsControlFlowOfTheCircomShape()
    {
        // block loop (local.get 0; i32.eqz; br_if 1; local.get 0; i32.const 1; i32.sub; local.set 0; br 0) end end
        Valid([0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b,
            0x20, 0x01, 0x0b]);
        // if (result i32) 1 else 2 end
        Valid([0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b]);
        // return in the middle; the rest is unreachable and may pop anything
        Valid([0x20, 0x00, 0x0f, 0x6a, 0x0b]);
        // br with the function's result, followed by dead code
        Valid([0x41, 0x07, 0x0c, 0x00, 0x1a, 0x0b]);
        // call the import, call_indirect through the table, memory.grow, loads and stores
        Valid([0x20, 0x00, 0x10, 0x00, 0x20, 0x00, 0x20, 0x01, 0x41, 0x00, 0x11, TypeI32I32ToI32, 0x00, 0x1a,
            0x41, 0x01, 0x40, 0x00, 0x1a, 0x41, 0x00, 0x42, 0x05, 0x3e, 0x02, 0x04, 0x41, 0x00, 0x35, 0x02, 0x00, 0xa7, 0x0b]);
        // a branch to a loop carries no value even when the loop has a result
        Valid([0x03, 0x7f, 0x42, 0x01, 0x41, 0x00, 0x0d, 0x00, 0x1a, 0x41, 0x01, 0x0b, 0x1a, 0x0b], TypeVoid);
        // i64: extend, shr_s, wrap
        Valid([0x20, 0x00, 0xac, 0x42, 0x03, 0x87, 0xa7, 0x0b]);
    }

    [Fact]
    public void RefusesAFloatInstruction()
    {
        string message = Refused([0x20, 0x00, 0x20, 0x01, 0x92, 0x0b], 4);
        Assert.EndsWith("opcode 0x92 (floating point) is outside the circom subset (FORMATS.md §7)", message);
    }

    [Fact]
    public void RefusesTheInstructionsCircomDoesNotUse()
    {
        Assert.Contains("opcode 0x00 (unreachable, not used by circom 2)", Refused([0x00, 0x0b], 0));
        Assert.Contains("opcode 0x01 (nop, not used by circom 2)", Refused([0x41, 0x00, 0x01, 0x0b], 2));
        Assert.Contains("opcode 0x1b (select, not used by circom 2)", Refused([0x20, 0x00, 0x20, 0x01, 0x20, 0x00, 0x1b, 0x0b], 6));
        Assert.Contains("opcode 0x0e (br_table, not used by circom 2)", Refused([0x20, 0x00, 0x0e, 0x00, 0x00, 0x0b], 2));
        Assert.Contains("opcode 0xfc (bulk memory or saturating truncation)", Refused([0xfc, 0x0b, 0x00, 0x0b], 0));
        Assert.Contains("opcode 0xfd (SIMD)", Refused([0xfd, 0x0c, 0x0b], 0));
        Assert.Contains("opcode 0xc0 (sign extension)", Refused([0x20, 0x00, 0xc0, 0x0b], 2));
        Assert.Contains("opcode 0x23 (global access; circom 2 defines no globals)", Refused([0x23, 0x00, 0x0b], 0));
        Assert.Contains("block type 0x7d is outside the circom subset", Refused([0x02, 0x7d, 0x0b, 0x0b], 0));
    }

    [Fact]
    public void RefusesATypeMismatch()
    {
        string message = Refused([0x20, 0x00, 0x42, 0x01, 0x6a, 0x0b], 4);
        Assert.EndsWith("type mismatch: expected i32 but found i64 (§7.3)", message);
        Assert.Contains("type mismatch: expected i32 but found i64", Refused([0x42, 0x01, 0x0b], 2));
        Assert.Contains("operand stack underflow: expected i32 but the function body has no operand left", Refused([0x20, 0x00, 0x6a, 0x0b], 2));
        Assert.Contains("the block ends with 1 extra operand(s) on the stack", Refused([0x02, 0x40, 0x41, 0x00, 0x0b, 0x20, 0x00, 0x0b], 4));
        Assert.Contains("if with result i32 has no else branch", Refused([0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b], 6));
        Assert.Contains("else without a matching if", Refused([0x02, 0x40, 0x05, 0x0b, 0x20, 0x00, 0x0b], 2));
        Assert.Contains("type mismatch: expected i32 but found i64", Refused([0x42, 0x00, 0x04, 0x40, 0x0b, 0x20, 0x00, 0x0b], 2));
    }

    [Fact]
    public void RefusesABranchToAMissingLabel()
    {
        Assert.EndsWith("br 1 targets a label that does not exist: 1 enclosing labels (§3.3.5)", Refused([0x0c, 0x01, 0x0b], 0));
        Assert.Contains("br_if 2 targets a label that does not exist: 2 enclosing labels", Refused([0x02, 0x40, 0x20, 0x00, 0x0d, 0x02, 0x0b, 0x20, 0x00, 0x0b], 4));
        Assert.Contains("operand stack underflow: expected i32 but the block has no operand left", Refused([0x02, 0x7f, 0x0c, 0x00, 0x0b, 0x1a, 0x0b], 2, TypeVoid));
    }

    [Fact]
    public void RefusesACallToAMissingFunction()
    {
        Assert.EndsWith("call to function 9, but the module has 2 functions (§3.3.5)", Refused([0x10, 0x09, 0x0b], 0));
        Assert.Contains("call_indirect with type index 7, but the module has 4 types", Refused([0x41, 0x00, 0x11, 0x07, 0x00, 0x0b], 2));
        Assert.Contains("type mismatch: expected i32 but found i64", Refused([0x42, 0x00, 0x10, 0x00, 0x20, 0x00, 0x0b], 2));
    }

    [Fact]
    public void RefusesBadLocalsAndMemoryAccesses()
    {
        Assert.Contains("local.get 2, but the function has 2 parameters and locals (§3.3.3)", Refused([0x20, 0x02, 0x0b], 0));
        Assert.Contains("i32.load alignment 2^3 exceeds its natural alignment 2^2", Refused([0x41, 0x00, 0x28, 0x03, 0x00, 0x0b], 2));
        Assert.Contains("i64.store32 alignment 2^3 exceeds its natural alignment 2^2", Refused([0x41, 0x00, 0x42, 0x00, 0x3e, 0x03, 0x00, 0x20, 0x00, 0x0b], 4));
        Assert.Contains("memory index byte 0x01 is not 0x00", Refused([0x3f, 0x01, 0x0b], 0));
    }

    [Fact]
    public void RefusesABodyThatDoesNotCloseItsFrames()
    {
        Assert.Contains("the body ends with 1 control frame(s) still open", Refused([0x41, 0x00, 0x02, 0x40, 0x0b], 5));
        Assert.Contains("1 bytes follow the end of the function body", Refused([0x20, 0x00, 0x0b, 0x0b], 3));
    }

    [Fact]
    public void RefusesInvalidModuleStructure()
    {
        static string Message(byte[] bytes) =>
            Assert.Throws<WasmFormatException>(() => WasmValidator.Validate(WasmDecoder.Decode(bytes, "circuit.wasm"))).Message;

        byte[] body = Code([0x00], AddBody);
        Assert.Equal("circuit.wasm: memory section: the module defines no memory; circom 2 modules define exactly one (FORMATS.md §7)",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Exports, Elements, body)));
        Assert.Contains("export section: the memory is not exported",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory, Elements, body)));
        Assert.Contains("export section: export \"run\": function index 5 is out of range (2 defined)",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory,
                Section(7, Vec(Concat(Name("memory"), [0x02, 0x00]), Concat(Name("run"), [0x00, 0x05]))), Elements, body)));
        Assert.Contains("export name \"memory\" appears twice",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory,
                Section(7, Vec(Concat(Name("memory"), [0x02, 0x00]), Concat(Name("memory"), [0x00, 0x01]))), Elements, body)));
        Assert.Contains("function section: function 1: type index 9 is out of range (4 types)",
            Message(Concat(Header, Types, Imports, Functions(9), Table, Memory, Exports, Elements, body)));
        Assert.Contains("element section: element segment 0 entry 0: function index 3 is out of range (2 functions)",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory, Exports,
                Section(9, Vec([0x00, 0x41, 0x00, 0x0b, 0x01, 0x03])), body)));
        Assert.Contains("element segment 0: entries 1..2 do not fit the table of 1 elements",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory, Exports,
                Section(9, Vec([0x00, 0x41, 0x01, 0x0b, 0x01, 0x01])), body)));
        Assert.Contains("data segment 0: bytes 65535..65537 do not fit the initial memory of 65536 bytes",
            Message(Concat(Header, Types, Imports, Functions(TypeI32I32ToI32), Table, Memory, Exports, Elements, body,
                Section(11, Vec(Concat([0x00, 0x41, 0xff, 0xff, 0x03, 0x0b], Vec([0x01], [0x02])))))));
        Assert.Contains("memory limits 65537..", Message(Concat(Header, Section(5, Vec([0x00, 0x81, 0x80, 0x04])))));
    }
}
