using static CredentialHub.WebAssembly.Tests.WasmBytes;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>Decoding of hand-built modules, and refusals of malformed binaries (WebAssembly 1.0 §5).</summary>
public class WasmDecoderTests
{
    private static WasmFormatException Refused(byte[] bytes) =>
        Assert.Throws<WasmFormatException>(() => WasmValidator.Validate(WasmDecoder.Decode(bytes, "circuit.wasm")));

    [Fact]
    public void DecodesTheMinimalModule()
    {
        var module = WasmDecoder.Decode(MinimalModule, "minimal.wasm");
        WasmValidator.Validate(module);
        Assert.Equal("minimal.wasm", module.Name);
        Assert.Equal(4, module.Types.Count);
        Assert.Equal(new WasmFunctionImport("runtime", "exceptionHandler", TypeI32ToVoid), Assert.Single(module.Imports));
        Assert.Equal([2u], module.FunctionTypeIndices);
        Assert.Equal(2, module.FunctionCount);
        Assert.Equal(new WasmLimits(1, 1), module.Table);
        Assert.Equal(new WasmLimits(1, null), module.Memory);
        Assert.Equal(new WasmExport("memory", WasmExportKind.Memory, 0), module.FindExport("memory"));
        Assert.Equal(new WasmExport("run", WasmExportKind.Function, 1), module.FindExport("run"));
        Assert.Equal([1u], Assert.Single(module.Elements).FunctionIndices);
        var body = Assert.Single(module.Bodies);
        Assert.Empty(body.Locals);
        Assert.Equal(AddBody, body.Code);
        Assert.Equal(AddBody, MinimalModule.AsSpan(body.CodeOffset, AddBody.Length).ToArray());
        var data = Assert.Single(module.Data);
        Assert.Equal(8u, data.Offset);
        Assert.Equal("abc"u8.ToArray(), data.Bytes);
        Assert.Equal("abc"u8.ToArray(), MinimalModule.AsSpan(data.FileOffset, 3).ToArray());
    }

    [Fact]
    public void DecodesLocalGroups()
    {
        byte[] locals = [0x02, 0x03, 0x7f, 0x01, 0x7e];
        byte[] code = [0x20, 0x05, 0x20, 0x00, 0xad, 0x7c, 0x0b]; // local.get 5 is past the last local
        var module = WasmDecoder.Decode(ModuleWithBody(locals, code, TypeI64ToI64), "circuit.wasm");
        Assert.Throws<WasmFormatException>(() => WasmValidator.Validate(module));
        var valid = WasmDecoder.Decode(ModuleWithBody(locals, [0x20, 0x04, 0x20, 0x00, 0x7c, 0x0b], TypeI64ToI64), "circuit.wasm");
        WasmValidator.Validate(valid);
        Assert.Equal([new WasmLocalGroup(3, WasmValueType.I32), new WasmLocalGroup(1, WasmValueType.I64)], valid.Bodies[0].Locals);
    }

    [Fact]
    public void RefusesABadMagic()
    {
        var bytes = MinimalModule;
        bytes[1] = 0x62;
        var error = Refused(bytes);
        Assert.Equal("circuit.wasm: module header: not a WebAssembly module: the file does not start with the magic 00 61 73 6d (§5.5.15)", error.Message);
        Assert.Contains("not a WebAssembly module", Refused([]).Message);
    }

    [Fact]
    public void RefusesVersion2()
    {
        var bytes = MinimalModule;
        bytes[4] = 2;
        Assert.Contains("module header: binary format version 2 is not supported", Refused(bytes).Message);
    }

    [Fact]
    public void RefusesATruncatedHeader()
    {
        Assert.Contains("unexpected end at byte 0x6", Refused(Header[..6]).Message);
    }

    [Fact]
    public void RefusesASectionLengthPastTheEnd()
    {
        var error = Refused(Concat(Header, [0x01, 0x10, 0x00]));
        Assert.Equal("circuit.wasm: type section: section at byte 0x8 declares 16 bytes but only 1 remain (§5.5.2)", error.Message);
    }

    [Fact]
    public void RefusesAHugeCountWithoutAllocating()
    {
        var error = Refused(Concat(Header, Section(1, Leb(0xffff_fff0))));
        Assert.Contains("type section: type count 4294967280 at byte 0xa exceeds what the remaining 0 bytes can hold", error.Message);
        Assert.Contains("code entry count", Refused(Concat(Header, Section(10, Leb(uint.MaxValue), [0x00]))).Message);
        Assert.Contains("local group count", Refused(ModuleWithBody([0xff, 0xff, 0xff, 0xff, 0x0f], [0x0b], TypeVoid)).Message);
        var data = Concat(Header, Memory, Section(11, Vec(Concat([0x00, 0x41, 0x00, 0x0b], Leb(0x7fff_ffff)))));
        Assert.Contains("data segment 0 contents at byte 0x19 declares 2147483647 bytes but only 0 remain", Refused(data).Message);
    }

    [Fact]
    public void RefusesAnOverlongLeb128()
    {
        var error = Refused(Concat(Header, Section(1, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])));
        Assert.Contains("type section: LEB128 u32 at byte 0xa is longer than 5 bytes", error.Message);
        Assert.Contains("LEB128 u32 at byte 0xa overflows 32 bits", Refused(Concat(Header, Section(1, [0x80, 0x80, 0x80, 0x80, 0x10]))).Message);
        Assert.Contains("LEB128 s32 at byte 0x", Refused(ModuleWithBody([0x41, 0x80, 0x80, 0x80, 0x80, 0x08, 0x1a, 0x0b], TypeVoid)).Message);
        Assert.Contains("LEB128 s64 at byte 0x", Refused(ModuleWithBody([0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x1a, 0x0b], TypeVoid)).Message);
    }

    [Fact]
    public void AcceptsPaddedLeb128WithinTheLengthLimit()
    {
        // A type count of 0 padded to 5 bytes and i32.const -1 / i64.const -1 at their maximum lengths.
        WasmDecoder.Decode(Concat(Header, Section(1, [0x80, 0x80, 0x80, 0x80, 0x00])), "circuit.wasm");
        var module = WasmDecoder.Decode(ModuleWithBody(
            [0x41, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, 0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, 0x0b], TypeVoid), "circuit.wasm");
        WasmValidator.Validate(module);
    }

    [Fact]
    public void RefusesSectionsOutOfOrderOrRepeated()
    {
        Assert.Contains("type section: section at byte 0x", Refused(Concat(Header, Memory, Types)).Message);
        Assert.Contains("is out of order or repeated: it follows the memory section", Refused(Concat(Header, Memory, Types)).Message);
        Assert.Contains("out of order or repeated: it follows the type section", Refused(Concat(Header, Types, Types)).Message);
    }

    [Fact]
    public void RefusesASectionWhoseContentsEndEarly()
    {
        var error = Refused(Concat(Header, Section(5, Vec([0x00, 0x01]), [0x00])));
        Assert.Contains("memory section: section declares 4 bytes but its contents end at byte 0xd, 1 bytes early", error.Message);
    }

    [Fact]
    public void RefusesASecondMemory()
    {
        var error = Refused(Concat(Header, Section(5, Vec([0x00, 0x01], [0x00, 0x01]))));
        Assert.Contains("memory section: 2 memories: WebAssembly 1.0 allows at most one", error.Message);
    }

    [Fact]
    public void RefusesAGlobalSection()
    {
        var error = Refused(Concat(Header, Types, Section(6, Vec([0x7f, 0x00, 0x41, 0x00, 0x0b]))));
        Assert.Contains("global section: section at byte 0x", error.Message);
        Assert.Contains("globals are outside the circom subset", error.Message);
    }

    [Fact]
    public void RefusesAStartSection()
    {
        var error = Refused(Concat(Header, Types, Imports, Functions(TypeVoid), Memory, Section(8, [0x01])));
        Assert.Contains("start section: section at byte 0x", error.Message);
        Assert.Contains("a start function is outside the circom subset", error.Message);
    }

    [Fact]
    public void RefusesConstructsOutsideTheSubset()
    {
        Assert.Contains("import 0 \"env.memory\" at byte 0x", Refused(Concat(Header, Section(2, Vec(Concat(Name("env"), Name("memory"), [0x02, 0x00, 0x01]))))).Message);
        Assert.Contains("is not from the module \"runtime\"", Refused(Concat(Header, Types, Section(2, Vec(Concat(Name("env"), Name("f"), [0x00, 0x00]))))).Message);
        Assert.Contains("type 0 result at byte 0xe: floating-point type 0x7d", Refused(Concat(Header, Section(1, Vec([0x60, 0x00, 0x01, 0x7d])))).Message);
        Assert.Contains("2 results need multi-value", Refused(Concat(Header, Section(1, Vec([0x60, 0x00, 0x02, 0x7f, 0x7f])))).Message);
        Assert.Contains("data segment 0 at byte 0x10: flag 1 is not 0", Refused(Concat(Header, Memory, Section(11, Vec([0x01, 0x41, 0x00, 0x0b, 0x00])))).Message);
        Assert.Contains("element segment 0 offset at byte 0x", Refused(Concat(Header, Table, Section(9, Vec([0x00, 0x23, 0x00, 0x0b, 0x00])))).Message);
        Assert.Contains("data count section", Refused(Concat(Header, Section(12, [0x00]))).Message);
        Assert.Contains("memory limits at byte 0xb: flag 0x03", Refused(Concat(Header, Section(5, Vec([0x03, 0x01, 0x01])))).Message);
    }

    [Fact]
    public void RefusesAFunctionSectionWithoutCode()
    {
        var error = Refused(Concat(Header, Types, Functions(TypeVoid), Memory));
        Assert.Contains("code section: the function section declares 1 functions but the code section has 0 bodies", error.Message);
    }
}
