namespace CredentialHub.WebAssembly;

/// <summary>
/// Decodes the binary format (WebAssembly 1.0 core specification §5) of the subset circom 2 emits
/// (FORMATS.md §7): version 1; type, import (functions from "runtime" only), function, table, memory, export,
/// element (flag 0), code and data (flag 0) sections; custom sections, including "name", are skipped.
/// Sections must appear in the order of §5.5.2 at most once each and fill their declared sizes exactly; every count
/// is checked against the bytes left before anything is allocated for it.
/// Validity (§3: types, indices, function bodies) is <see cref="WasmValidator"/>'s job.
/// </summary>
public static class WasmDecoder
{
    private const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => [0x00, 0x61, 0x73, 0x6d];

    public static WasmModule Decode(ReadOnlySpan<byte> bytes, string name)
    {
        var reader = new WasmReader(bytes, 0, name, "module header");
        if (bytes.Length < 4 || !bytes[..4].SequenceEqual(Magic))
        {
            throw reader.Error("not a WebAssembly module: the file does not start with the magic 00 61 73 6d (§5.5.15)");
        }
        reader.ReadBytes(4, "magic");
        uint version = reader.ReadFixedU32();
        if (version != Version)
        {
            throw reader.Error($"binary format version {version} is not supported; circom 2 emits version 1 (§5.5.15)");
        }

        var sections = new Sections();
        int lastId = 0;
        while (!reader.AtEnd)
        {
            reader.Section = "module";
            int headerOffset = reader.Offset;
            byte id = reader.ReadByte();
            string sectionName = SectionName(id);
            reader.Section = sectionName;
            uint size = reader.ReadU32();
            if (size > (uint)reader.Remaining)
            {
                throw reader.Error($"section at byte 0x{headerOffset:x} declares {size} bytes but only {reader.Remaining} remain (§5.5.2)");
            }
            var section = reader.ReadSubReader(size, "section", sectionName);
            if (id != 0)
            {
                RefuseOutsideSubset(id, headerOffset, ref section);
                if (id <= lastId)
                {
                    throw section.Error($"section at byte 0x{headerOffset:x} is out of order or repeated: it follows the {SectionName((byte)lastId)} (§5.5.15)");
                }
                lastId = id;
            }
            DecodeSection(id, ref section, sections);
            if (!section.AtEnd)
            {
                throw section.Error($"section declares {size} bytes but its contents end at byte 0x{section.Offset:x}, {section.Remaining} bytes early (§5.5.2)");
            }
        }

        if (sections.FunctionTypeIndices.Count != sections.Bodies.Count)
        {
            reader.Section = "code section";
            throw reader.Error($"the function section declares {sections.FunctionTypeIndices.Count} functions but the code section has {sections.Bodies.Count} bodies (§5.5.15)");
        }

        return new WasmModule
        {
            Name = name,
            Types = sections.Types,
            Imports = sections.Imports,
            FunctionTypeIndices = sections.FunctionTypeIndices,
            Table = sections.Table,
            Memory = sections.Memory,
            Exports = sections.Exports,
            Elements = sections.Elements,
            Bodies = sections.Bodies,
            Data = sections.Data,
        };
    }

    private sealed class Sections
    {
        public List<WasmFunctionType> Types { get; set; } = [];
        public List<WasmFunctionImport> Imports { get; set; } = [];
        public List<uint> FunctionTypeIndices { get; set; } = [];
        public WasmLimits? Table { get; set; }
        public WasmLimits? Memory { get; set; }
        public List<WasmExport> Exports { get; set; } = [];
        public List<WasmElementSegment> Elements { get; set; } = [];
        public List<WasmFunctionBody> Bodies { get; set; } = [];
        public List<WasmDataSegment> Data { get; set; } = [];
    }

    private static string SectionName(byte id) => id switch
    {
        0 => "custom section",
        1 => "type section",
        2 => "import section",
        3 => "function section",
        4 => "table section",
        5 => "memory section",
        6 => "global section",
        7 => "export section",
        8 => "start section",
        9 => "element section",
        10 => "code section",
        11 => "data section",
        12 => "data count section",
        _ => $"section id {id}",
    };

    private static void RefuseOutsideSubset(byte id, int headerOffset, ref WasmReader section)
    {
        string? why = id switch
        {
            6 => "globals are outside the circom subset (FORMATS.md §7)",
            8 => "a start function is outside the circom subset (FORMATS.md §7)",
            12 => "the data count section belongs to bulk memory, outside WebAssembly 1.0 and the circom subset",
            > 12 => "unknown section id (§5.5.2)",
            _ => null,
        };
        if (why is not null)
        {
            throw section.Error($"section at byte 0x{headerOffset:x}: {why}");
        }
    }

    private static void DecodeSection(byte id, ref WasmReader section, Sections sections)
    {
        switch (id)
        {
            case 0:
                section.ReadName("custom section name");
                section.ReadBytes((uint)section.Remaining, "custom section contents");
                break;
            case 1:
                sections.Types = DecodeTypes(ref section);
                break;
            case 2:
                sections.Imports = DecodeImports(ref section);
                break;
            case 3:
                sections.FunctionTypeIndices = DecodeFunctions(ref section);
                break;
            case 4:
                sections.Table = DecodeTable(ref section);
                break;
            case 5:
                sections.Memory = DecodeMemory(ref section);
                break;
            case 7:
                sections.Exports = DecodeExports(ref section);
                break;
            case 9:
                sections.Elements = DecodeElements(ref section);
                break;
            case 10:
                sections.Bodies = DecodeCode(ref section);
                break;
            case 11:
                sections.Data = DecodeData(ref section);
                break;
        }
    }

    /// <summary>§5.5.4: vec(functype), functype = 0x60 vec(valtype) vec(valtype).</summary>
    private static List<WasmFunctionType> DecodeTypes(ref WasmReader r)
    {
        int count = r.ReadCount("type", 3);
        var types = new List<WasmFunctionType>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            byte form = r.ReadByte();
            if (form != 0x60)
            {
                throw r.Error($"type {i} at byte 0x{start:x}: form 0x{form:x2} is not a function type 0x60 (§5.3.3)");
            }
            var parameters = DecodeValueTypes(ref r, $"type {i} parameter");
            var results = DecodeValueTypes(ref r, $"type {i} result");
            if (results.Count > 1)
            {
                throw r.Error($"type {i} at byte 0x{start:x}: {results.Count} results need multi-value, outside WebAssembly 1.0 and the circom subset (§3.2.2)");
            }
            types.Add(new WasmFunctionType(parameters, results.Count == 1 ? results[0] : null));
        }
        return types;
    }

    private static List<WasmValueType> DecodeValueTypes(ref WasmReader r, string what)
    {
        int count = r.ReadCount(what);
        var types = new List<WasmValueType>(count);
        for (int i = 0; i < count; i++)
        {
            types.Add(DecodeValueType(ref r, what));
        }
        return types;
    }

    /// <summary>§5.3.1; only i32 and i64 are in the circom subset.</summary>
    private static WasmValueType DecodeValueType(ref WasmReader r, string what)
    {
        int start = r.Offset;
        byte b = r.ReadByte();
        return b switch
        {
            0x7f => WasmValueType.I32,
            0x7e => WasmValueType.I64,
            0x7d or 0x7c => throw r.Error($"{what} at byte 0x{start:x}: floating-point type 0x{b:x2} is outside the circom subset (FORMATS.md §7)"),
            0x7b => throw r.Error($"{what} at byte 0x{start:x}: v128 (SIMD) is outside the circom subset"),
            0x70 or 0x6f => throw r.Error($"{what} at byte 0x{start:x}: reference type 0x{b:x2} is outside the circom subset"),
            _ => throw r.Error($"{what} at byte 0x{start:x}: 0x{b:x2} is not a value type (§5.3.1)"),
        };
    }

    /// <summary>§5.5.5: vec(import), import = name name importdesc; only function imports from "runtime".</summary>
    private static List<WasmFunctionImport> DecodeImports(ref WasmReader r)
    {
        int count = r.ReadCount("import", 4);
        var imports = new List<WasmFunctionImport>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            string module = r.ReadName($"import {i} module name");
            string name = r.ReadName($"import {i} name");
            byte kind = r.ReadByte();
            if (kind != 0x00)
            {
                string what = kind switch { 1 => "a table", 2 => "a memory", 3 => "a global", _ => $"kind 0x{kind:x2}" };
                throw r.Error($"import {i} \"{module}.{name}\" at byte 0x{start:x} imports {what}; circom 2 imports only functions (FORMATS.md §7)");
            }
            if (module != "runtime")
            {
                throw r.Error($"import {i} \"{module}.{name}\" at byte 0x{start:x} is not from the module \"runtime\" (FORMATS.md §7)");
            }
            imports.Add(new WasmFunctionImport(module, name, r.ReadU32()));
        }
        return imports;
    }

    /// <summary>§5.5.6: vec(typeidx).</summary>
    private static List<uint> DecodeFunctions(ref WasmReader r)
    {
        int count = r.ReadCount("function");
        var indices = new List<uint>(count);
        for (int i = 0; i < count; i++)
        {
            indices.Add(r.ReadU32());
        }
        return indices;
    }

    /// <summary>§5.5.7: vec(tabletype), tabletype = 0x70 limits; at most one table (§3.4.10).</summary>
    private static WasmLimits? DecodeTable(ref WasmReader r)
    {
        int count = r.ReadCount("table", 2);
        if (count > 1)
        {
            throw r.Error($"{count} tables: WebAssembly 1.0 allows at most one (§3.4.10)");
        }
        if (count == 0)
        {
            return null;
        }
        int start = r.Offset;
        byte elementType = r.ReadByte();
        if (elementType != 0x70)
        {
            throw r.Error($"table at byte 0x{start:x}: element type 0x{elementType:x2} is not funcref 0x70 (§5.3.6)");
        }
        return DecodeLimits(ref r, "table limits");
    }

    /// <summary>§5.5.8: vec(memtype); at most one memory (§3.4.10).</summary>
    private static WasmLimits? DecodeMemory(ref WasmReader r)
    {
        int count = r.ReadCount("memory", 2);
        if (count > 1)
        {
            throw r.Error($"{count} memories: WebAssembly 1.0 allows at most one (§3.4.10) and circom 2 defines exactly one");
        }
        return count == 0 ? null : DecodeLimits(ref r, "memory limits");
    }

    /// <summary>§5.3.4: 0x00 min | 0x01 min max. Shared (0x02, 0x03) and 64-bit limits are outside the subset.</summary>
    private static WasmLimits DecodeLimits(ref WasmReader r, string what)
    {
        int start = r.Offset;
        byte flag = r.ReadByte();
        return flag switch
        {
            0x00 => new WasmLimits(r.ReadU32(), null),
            0x01 => new WasmLimits(r.ReadU32(), r.ReadU32()),
            _ => throw r.Error($"{what} at byte 0x{start:x}: flag 0x{flag:x2} is not 0x00 or 0x01 (§5.3.4); shared or 64-bit limits are outside the circom subset"),
        };
    }

    /// <summary>§5.5.10: vec(export), export = name exportdesc.</summary>
    private static List<WasmExport> DecodeExports(ref WasmReader r)
    {
        int count = r.ReadCount("export", 3);
        var exports = new List<WasmExport>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            string name = r.ReadName($"export {i} name");
            byte kind = r.ReadByte();
            if (kind > 2)
            {
                string what = kind == 3 ? "a global, outside the circom subset" : $"unknown kind 0x{kind:x2} (§5.5.10)";
                throw r.Error($"export {i} \"{name}\" at byte 0x{start:x} exports {what}");
            }
            exports.Add(new WasmExport(name, (WasmExportKind)kind, r.ReadU32()));
        }
        return exports;
    }

    /// <summary>§5.5.12 with flag 0 only: 0x00 expr vec(funcidx), an active segment for table 0.</summary>
    private static List<WasmElementSegment> DecodeElements(ref WasmReader r)
    {
        int count = r.ReadCount("element segment", 4);
        var segments = new List<WasmElementSegment>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            uint flag = r.ReadU32();
            if (flag != 0)
            {
                throw r.Error($"element segment {i} at byte 0x{start:x}: flag {flag} is not 0 (active, table 0); other forms belong to bulk memory or reference types, outside the circom subset");
            }
            uint offset = DecodeOffset(ref r, $"element segment {i}");
            int length = r.ReadCount($"element segment {i} function index");
            var functions = new List<uint>(length);
            for (int j = 0; j < length; j++)
            {
                functions.Add(r.ReadU32());
            }
            segments.Add(new WasmElementSegment(offset, functions));
        }
        return segments;
    }

    /// <summary>§5.5.14 with flag 0 only: 0x00 expr vec(byte), an active segment for memory 0.</summary>
    private static List<WasmDataSegment> DecodeData(ref WasmReader r)
    {
        int count = r.ReadCount("data segment", 4);
        var segments = new List<WasmDataSegment>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            uint flag = r.ReadU32();
            if (flag != 0)
            {
                throw r.Error($"data segment {i} at byte 0x{start:x}: flag {flag} is not 0 (active, memory 0); passive segments belong to bulk memory, outside the circom subset");
            }
            uint offset = DecodeOffset(ref r, $"data segment {i}");
            uint length = r.ReadU32();
            int fileOffset = r.Offset;
            var bytes = r.ReadBytes(length, $"data segment {i} contents");
            segments.Add(new WasmDataSegment(offset, fileOffset, bytes.ToArray()));
        }
        return segments;
    }

    /// <summary>
    /// A segment offset: the constant expression <c>i32.const n end</c> (§3.3.7.2, §5.4.6), the only form circom 2
    /// emits and, without imported globals, the only useful one. Returns n read as unsigned.
    /// </summary>
    private static uint DecodeOffset(ref WasmReader r, string what)
    {
        int start = r.Offset;
        byte opcode = r.ReadByte();
        if (opcode != 0x41)
        {
            throw r.Error($"{what} offset at byte 0x{start:x}: opcode 0x{opcode:x2} is not i32.const; the offset must be a constant i32 expression (§3.4.5, §3.4.6)");
        }
        int value = r.ReadS32();
        int endOffset = r.Offset;
        byte end = r.ReadByte();
        if (end != 0x0b)
        {
            throw r.Error($"{what} offset at byte 0x{endOffset:x}: opcode 0x{end:x2} after i32.const, expected end 0x0b (§3.3.7.2)");
        }
        return unchecked((uint)value);
    }

    /// <summary>§5.5.13: vec(code), code = size func, func = vec(locals) expr, locals = n valtype.</summary>
    private static List<WasmFunctionBody> DecodeCode(ref WasmReader r)
    {
        int count = r.ReadCount("code entry", 2);
        var bodies = new List<WasmFunctionBody>(count);
        for (int i = 0; i < count; i++)
        {
            int start = r.Offset;
            uint size = r.ReadU32();
            var body = r.ReadSubReader(size, $"code entry {i}", $"code section: body {i}");
            int groupCount = body.ReadCount("local group", 2);
            var groups = new List<WasmLocalGroup>(groupCount);
            long total = 0;
            for (int g = 0; g < groupCount; g++)
            {
                uint n = body.ReadU32();
                total += n;
                if (total > uint.MaxValue)
                {
                    throw body.Error($"code entry {i} at byte 0x{start:x} declares more than 2^32 - 1 locals (§5.5.13)");
                }
                groups.Add(new WasmLocalGroup(n, DecodeValueType(ref body, $"local group {g}")));
            }
            int codeOffset = body.Offset;
            var code = body.ReadBytes((uint)body.Remaining, "function code");
            if (code.IsEmpty || code[^1] != 0x0b)
            {
                throw body.Error($"code entry {i} at byte 0x{start:x} does not end with end 0x0b (§5.4.6)");
            }
            bodies.Add(new WasmFunctionBody(groups, code.ToArray(), codeOffset));
        }
        return bodies;
    }
}
