namespace CredentialHub.WebAssembly;

/// <summary>
/// Module validation (WebAssembly 1.0 core specification §3.4) for the circom 2 subset (FORMATS.md §7): type indices
/// of imports and functions, exactly one memory, defined and exported, with valid limits (§3.2.4), at most one table
/// (§3.2.3), exports with distinct names and indices in range (§3.4.8), element and data segments whose function
/// indices are in range (§3.4.5, §3.4.6) and that fit the table's and memory's initial sizes (instantiation, §4.5.4),
/// and every function body (§3.3, via <see cref="WasmFunctionValidator"/>).
/// </summary>
public static class WasmValidator
{
    private const uint MaxPages = 65536;
    private const ulong PageSize = 65536;

    public static void Validate(WasmModule module) => Validate(module, null);

    /// <param name="module">The decoded module.</param>
    /// <param name="opcodesSeen">When given, collects every opcode found in the function bodies.</param>
    internal static void Validate(WasmModule module, ISet<byte>? opcodesSeen)
    {
        string name = module.Name;
        for (int i = 0; i < module.Imports.Count; i++)
        {
            var import = module.Imports[i];
            if (import.TypeIndex >= (uint)module.Types.Count)
            {
                throw new WasmFormatException(name, "import section", $"import {i} \"{import.Module}.{import.Name}\": type index {import.TypeIndex} is out of range ({module.Types.Count} types) (§3.4.9)");
            }
        }
        for (int i = 0; i < module.FunctionTypeIndices.Count; i++)
        {
            if (module.FunctionTypeIndices[i] >= (uint)module.Types.Count)
            {
                throw new WasmFormatException(name, "function section", $"function {module.Imports.Count + i}: type index {module.FunctionTypeIndices[i]} is out of range ({module.Types.Count} types) (§3.4.1)");
            }
        }
        if (module.Table is { } table && table.Maximum is { } tableMax && tableMax < table.Minimum)
        {
            throw new WasmFormatException(name, "table section", $"table maximum {tableMax} is below its minimum {table.Minimum} (§3.2.1)");
        }
        if (module.Table is { } sized && sized.Minimum > MaxTableElements)
        {
            throw new WasmFormatException(name, "table section", $"the table's minimum of {sized.Minimum} elements exceeds the {MaxTableElements} this engine supports");
        }
        ValidateMemory(module);
        ValidateExports(module);
        ValidateElements(module);
        ValidateData(module);
        for (int i = 0; i < module.Bodies.Count; i++)
        {
            WasmFunctionValidator.Validate(module, (uint)(module.Imports.Count + i), module.Bodies[i], opcodesSeen);
        }
    }

    /// <summary>Most funcref table elements: far more than a circom module's functions, small enough to allocate at once.</summary>
    internal const uint MaxTableElements = 1 << 20;

    private static void ValidateMemory(WasmModule module)
    {
        if (module.Memory is not { } memory)
        {
            throw new WasmFormatException(module.Name, "memory section", "the module defines no memory; circom 2 modules define exactly one (FORMATS.md §7)");
        }
        if (memory.Minimum > MaxPages || memory.Maximum > MaxPages)
        {
            throw new WasmFormatException(module.Name, "memory section", $"memory limits {memory.Minimum}..{memory.Maximum} exceed 65536 pages (§3.2.4)");
        }
        if (memory.Maximum is { } max && max < memory.Minimum)
        {
            throw new WasmFormatException(module.Name, "memory section", $"memory maximum {max} is below its minimum {memory.Minimum} (§3.2.1)");
        }
    }

    private static void ValidateExports(WasmModule module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool memoryExported = false;
        foreach (var export in module.Exports)
        {
            if (!names.Add(export.Name))
            {
                throw new WasmFormatException(module.Name, "export section", $"export name \"{export.Name}\" appears twice (§3.4.10)");
            }
            uint bound = export.Kind switch
            {
                WasmExportKind.Function => (uint)module.FunctionCount,
                WasmExportKind.Table => module.Table is null ? 0u : 1u,
                _ => 1u,
            };
            if (export.Index >= bound)
            {
                throw new WasmFormatException(module.Name, "export section", $"export \"{export.Name}\": {export.Kind.ToString().ToLowerInvariant()} index {export.Index} is out of range ({bound} defined) (§3.4.8)");
            }
            memoryExported |= export.Kind == WasmExportKind.Memory;
        }
        if (!memoryExported)
        {
            throw new WasmFormatException(module.Name, "export section", "the memory is not exported; circom 2 modules export it as \"memory\" (FORMATS.md §7)");
        }
    }

    private static void ValidateElements(WasmModule module)
    {
        for (int i = 0; i < module.Elements.Count; i++)
        {
            var segment = module.Elements[i];
            if (module.Table is not { } table)
            {
                throw new WasmFormatException(module.Name, "element section", $"element segment {i} targets table 0 but the module defines no table (§3.4.5)");
            }
            for (int j = 0; j < segment.FunctionIndices.Count; j++)
            {
                if (segment.FunctionIndices[j] >= (uint)module.FunctionCount)
                {
                    throw new WasmFormatException(module.Name, "element section", $"element segment {i} entry {j}: function index {segment.FunctionIndices[j]} is out of range ({module.FunctionCount} functions) (§3.4.5)");
                }
            }
            if ((ulong)segment.Offset + (ulong)segment.FunctionIndices.Count > table.Minimum)
            {
                throw new WasmFormatException(module.Name, "element section", $"element segment {i}: entries {segment.Offset}..{(ulong)segment.Offset + (ulong)segment.FunctionIndices.Count} do not fit the table of {table.Minimum} elements (§4.5.4)");
            }
        }
    }

    private static void ValidateData(WasmModule module)
    {
        ulong memoryBytes = module.Memory!.Minimum * PageSize;
        for (int i = 0; i < module.Data.Count; i++)
        {
            var segment = module.Data[i];
            if ((ulong)segment.Offset + (ulong)segment.Bytes.Length > memoryBytes)
            {
                throw new WasmFormatException(module.Name, "data section", $"data segment {i}: bytes {segment.Offset}..{(ulong)segment.Offset + (ulong)segment.Bytes.Length} do not fit the initial memory of {memoryBytes} bytes (§4.5.4)");
            }
        }
    }
}
