using CredentialHub.WebAssembly.Compiler;
using CredentialHub.WebAssembly.Interpreter;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// The two WebAssembly engines (the compiler in both of its lifetimes), as a public enum so that public test methods can take it as a theory parameter.
/// </summary>
public enum Engine
{
    /// <summary>The reference interpreter, <see cref="WasmInstance"/>.</summary>
    Interpreter,

    /// <summary>The IL compiler, <see cref="CompiledWasmModule"/>, into an unloadable assembly (the service's).</summary>
    Compiler,

    /// <summary>The IL compiler into an assembly that lives as long as the process, under tiered compilation (the command line's).</summary>
    ProcessCompiler,
}

/// <summary>Instantiation on any engine, and theory data crossed with all of them.</summary>
internal static class WasmEngines
{
    public static readonly Engine[] All = [Engine.Interpreter, Engine.Compiler, Engine.ProcessCompiler];

    /// <summary>Decodes and validates <paramref name="bytes"/>.</summary>
    public static WasmModule Load(byte[] bytes, string name = "test.wasm")
    {
        var module = WasmDecoder.Decode(bytes, name);
        WasmValidator.Validate(module);
        return module;
    }

    public static IWasmInstance Instantiate(Engine engine, WasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null) =>
        engine switch
        {
            Engine.Compiler => CompiledWasmModule.Compile(module).Instantiate(imports, options),
            Engine.ProcessCompiler => CompiledWasmModule.Compile(module, unloadable: false).Instantiate(imports, options),
            _ => new WasmInstance(module, imports, options),
        };
}

/// <summary>
/// A module of several defined functions in the WebAssembly 1.0 binary format (§5): a type section, optional
/// imports, functions, a table filled from element 0, one memory, exports, an optional data segment at address 0,
/// and the code. Function indices count the imports first.
/// </summary>
internal sealed class WasmModuleBuilder
{
    private readonly List<byte[]> _types = [];
    private readonly List<(string Module, string Name, int Type)> _imports = [];
    private readonly List<(int Type, byte[] Locals, byte[] Code)> _functions = [];
    private readonly List<(string Name, int Function)> _exports = [];

    public uint MemoryMinimum { get; set; } = 1;

    public uint? MemoryMaximum { get; set; }

    public uint TableSize { get; set; }

    public List<uint> TableElements { get; } = [];

    public byte[] Data { get; set; } = [];

    /// <summary>Adds a function type; returns its index. Value types: 0x7f i32, 0x7e i64.</summary>
    public int Type(byte[] parameters, byte? result)
    {
        _types.Add(WasmBytes.Concat([0x60], WasmBytes.Leb((uint)parameters.Length), parameters, result is { } r ? [0x01, r] : [0x00]));
        return _types.Count - 1;
    }

    /// <summary>Adds an imported function; call before <see cref="Function"/>. Returns its function index.</summary>
    public uint Import(string module, string name, int type)
    {
        if (_functions.Count > 0)
        {
            throw new InvalidOperationException("imports come before defined functions");
        }
        _imports.Add((module, name, type));
        return (uint)(_imports.Count - 1);
    }

    /// <summary>Adds a defined function; <paramref name="locals"/> is the encoded local groups vector. Returns its function index.</summary>
    public uint Function(int type, byte[] locals, byte[] code, string? export = null)
    {
        _functions.Add((type, locals, code));
        uint index = (uint)(_imports.Count + _functions.Count - 1);
        if (export is not null)
        {
            _exports.Add((export, (int)index));
        }
        return index;
    }

    /// <summary>The encoded locals vector for groups of (count, type).</summary>
    public static byte[] Locals(params (uint Count, byte Type)[] groups) =>
        WasmBytes.Vec([.. groups.Select(g => WasmBytes.Concat(WasmBytes.Leb(g.Count), [g.Type]))]);

    public byte[] Build()
    {
        var sections = new List<byte[]> { WasmBytes.Header, WasmBytes.Section(1, WasmBytes.Vec([.. _types])) };
        if (_imports.Count > 0)
        {
            sections.Add(WasmBytes.Section(2, WasmBytes.Vec([.. _imports.Select(i =>
                WasmBytes.Concat(WasmBytes.Name(i.Module), WasmBytes.Name(i.Name), [0x00], WasmBytes.Leb((uint)i.Type)))])));
        }
        sections.Add(WasmBytes.Section(3, WasmBytes.Vec([.. _functions.Select(f => WasmBytes.Leb((uint)f.Type))])));
        if (TableSize > 0)
        {
            sections.Add(WasmBytes.Section(4, WasmBytes.Vec(WasmBytes.Concat([0x70, 0x00], WasmBytes.Leb(TableSize)))));
        }
        byte[] limits = MemoryMaximum is { } max
            ? WasmBytes.Concat([0x01], WasmBytes.Leb(MemoryMinimum), WasmBytes.Leb(max))
            : WasmBytes.Concat([0x00], WasmBytes.Leb(MemoryMinimum));
        sections.Add(WasmBytes.Section(5, WasmBytes.Vec(limits)));
        sections.Add(WasmBytes.Section(7, WasmBytes.Vec([
            WasmBytes.Concat(WasmBytes.Name("memory"), [0x02, 0x00]),
            .. _exports.Select(e => WasmBytes.Concat(WasmBytes.Name(e.Name), [0x00], WasmBytes.Leb((uint)e.Function))),
        ])));
        if (TableElements.Count > 0)
        {
            sections.Add(WasmBytes.Section(9, WasmBytes.Vec(WasmBytes.Concat(
                [0x00, 0x41, 0x00, 0x0b],
                WasmBytes.Vec([.. TableElements.Select(WasmBytes.Leb)])))));
        }
        sections.Add(WasmBytes.Section(10, WasmBytes.Vec([.. _functions.Select(f => WasmBytes.Body(f.Locals, f.Code))])));
        if (Data.Length > 0)
        {
            sections.Add(WasmBytes.Section(11, WasmBytes.Vec(WasmBytes.Concat([0x00, 0x41, 0x00, 0x0b], WasmBytes.Leb((uint)Data.Length), Data))));
        }
        return WasmBytes.Concat([.. sections]);
    }
}
