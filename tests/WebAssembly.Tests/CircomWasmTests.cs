namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// The committed circom 2 witness calculators decode, validate, and have the shape FORMATS.md §7 describes:
/// imports from "runtime" only, one exported memory without maximum, a table filled by one segment at offset 0,
/// and only the instructions §7 lists.
/// </summary>
public class CircomWasmTests
{
    private static readonly string[] RuntimeImports =
        ["exceptionHandler", "printErrorMessage", "writeBufferMessage", "showSharedRWMemory", "printDebug"];

    private static readonly string[] FunctionExports =
    [
        "getVersion", "getMinorVersion", "getPatchVersion", "getSharedRWMemoryStart", "readSharedRWMemory",
        "writeSharedRWMemory", "init", "setInputSignal", "getInputSignalSize", "getInputSize", "getRawPrime",
        "getFieldNumLen32", "getWitnessSize", "getWitness", "getMessageChar",
    ];

    /// <summary>The instructions FORMATS.md §7 observed in circom 2 binaries, by opcode (WebAssembly 1.0 §5.4).</summary>
    private static readonly byte[] Section7Opcodes =
    [
        0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x11, 0x1a, 0x20, 0x21, 0x22, // control, drop, locals
        0x3f, 0x40, // memory.size, memory.grow
        0x41, 0x28, 0x2d, 0x36, 0x3a, // i32.const, i32.load, i32.load8_u, i32.store, i32.store8
        0x6a, 0x6b, 0x6c, 0x6e, 0x70, 0x71, 0x72, 0x73, 0x74, 0x76, // i32 add sub mul div_u rem_u and or xor shl shr_u
        0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4e, 0x4f, 0x4d, // i32 eqz eq ne lt_s lt_u gt_s gt_u ge_s ge_u le_u
        0xa7, 0xad, // i32.wrap_i64, i64.extend_i32_u
        0x42, 0x29, 0x35, 0x34, 0x37, 0x3e, // i64.const, i64.load, i64.load32_u, i64.load32_s, i64.store, i64.store32
        0x7c, 0x7d, 0x7e, 0x80, 0x83, 0x84, 0x85, 0x86, 0x88, 0x87, // i64 add sub mul div_u and or xor shl shr_u shr_s
        0x50, 0x51, 0x54, 0x56, 0x55, 0x5a, // i64 eqz eq lt_u gt_u gt_s ge_u
    ];

    public static TheoryData<string> Circuits => [.. CircomWasmFiles.Circuits];

    [Theory]
    [MemberData(nameof(Circuits))]
    public void DecodesAndValidates(string circuit)
    {
        var module = WasmDecoder.Decode(CircomWasmFiles.Read(circuit), "circuit.wasm");
        WasmValidator.Validate(module);
        Assert.True(module.Bodies.Count > 0);
        Assert.Equal(module.FunctionTypeIndices.Count, module.Bodies.Count);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void ImportsOnlyRuntimeFunctions(string circuit)
    {
        var module = WasmDecoder.Decode(CircomWasmFiles.Read(circuit), "circuit.wasm");
        Assert.NotEmpty(module.Imports);
        Assert.All(module.Imports, import =>
        {
            Assert.Equal("runtime", import.Module);
            Assert.Contains(import.Name, RuntimeImports);
        });
        var handler = Assert.Single(module.Imports, import => import.Name == "exceptionHandler");
        var type = module.Types[(int)handler.TypeIndex];
        Assert.Equal([WasmValueType.I32], type.Parameters);
        Assert.Null(type.Result);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void ExportsMemoryAndTheWitnessCalculatorFunctions(string circuit)
    {
        var module = WasmDecoder.Decode(CircomWasmFiles.Read(circuit), "circuit.wasm");
        Assert.Equal(WasmExportKind.Memory, module.FindExport("memory")?.Kind);
        foreach (string name in FunctionExports)
        {
            var export = module.FindExport(name);
            Assert.True(export is { Kind: WasmExportKind.Function }, $"{circuit}: no function export {name}");
        }
        var getVersion = module.Types[(int)module.TypeIndexOf(module.FindExport("getVersion")!.Index)];
        Assert.Empty(getVersion.Parameters);
        Assert.Equal(WasmValueType.I32, getVersion.Result);
        var setInputSignal = module.Types[(int)module.TypeIndexOf(module.FindExport("setInputSignal")!.Index)];
        Assert.Equal([WasmValueType.I32, WasmValueType.I32, WasmValueType.I32], setInputSignal.Parameters);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void MemoryTableAndSegmentsHaveTheCircomShape(string circuit)
    {
        var module = WasmDecoder.Decode(CircomWasmFiles.Read(circuit), "circuit.wasm");
        Assert.NotNull(module.Memory);
        Assert.Null(module.Memory.Maximum);
        Assert.NotNull(module.Table);
        Assert.Equal(module.Table.Minimum, module.Table.Maximum);
        var segment = Assert.Single(module.Elements);
        Assert.Equal(0u, segment.Offset);
        Assert.Equal((int)module.Table.Minimum, segment.FunctionIndices.Count);
        Assert.NotEmpty(module.Data);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void UsesOnlyTheInstructionsOfFormatsSection7(string circuit)
    {
        var module = WasmDecoder.Decode(CircomWasmFiles.Read(circuit), "circuit.wasm");
        var seen = new SortedSet<byte>();
        WasmValidator.Validate(module, seen);
        Assert.Contains((byte)0x10, seen);
        var unlisted = seen.Except(Section7Opcodes).Select(opcode => $"0x{opcode:x2}");
        Assert.Empty(unlisted);
    }
}
