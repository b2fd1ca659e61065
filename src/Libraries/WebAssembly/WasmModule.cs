namespace CredentialHub.WebAssembly;

/// <summary>
/// A decoded circom 2 witness-calculator module (WebAssembly 1.0 §2.5; the subset is FORMATS.md §7). The function
/// index space (§2.5.1) is the imports followed by the defined functions: defined function i has index
/// <c>Imports.Count + i</c>, type <c>Types[FunctionTypeIndices[i]]</c> and body <c>Bodies[i]</c>.
/// Decoding only checks the binary format; <see cref="WasmValidator"/> checks validity.
/// </summary>
public sealed class WasmModule
{
    public required string Name { get; init; }

    public required IReadOnlyList<WasmFunctionType> Types { get; init; }

    public required IReadOnlyList<WasmFunctionImport> Imports { get; init; }

    /// <summary>For each defined function, its index in <see cref="Types"/> (function section, §5.5.6).</summary>
    public required IReadOnlyList<uint> FunctionTypeIndices { get; init; }

    /// <summary>The funcref table's limits (in elements), or null when the module defines no table.</summary>
    public required WasmLimits? Table { get; init; }

    /// <summary>The memory's limits (in 64 KiB pages), or null when the module defines no memory.</summary>
    public required WasmLimits? Memory { get; init; }

    public required IReadOnlyList<WasmExport> Exports { get; init; }

    public required IReadOnlyList<WasmElementSegment> Elements { get; init; }

    public required IReadOnlyList<WasmFunctionBody> Bodies { get; init; }

    public required IReadOnlyList<WasmDataSegment> Data { get; init; }

    public int FunctionCount => Imports.Count + FunctionTypeIndices.Count;

    /// <summary>The type index of a function in the function index space; the index must be below <see cref="FunctionCount"/>.</summary>
    public uint TypeIndexOf(uint function) =>
        function < (uint)Imports.Count ? Imports[(int)function].TypeIndex : FunctionTypeIndices[(int)(function - (uint)Imports.Count)];

    /// <summary>The export with this name, or null.</summary>
    public WasmExport? FindExport(string name) => Exports.FirstOrDefault(export => export.Name == name);

    /// <summary>The function index of the exported function <paramref name="export"/>; throws <see cref="ArgumentException"/> when there is none.</summary>
    public uint ExportedFunction(string export)
    {
        _exportedFunctions ??= Exports
            .Where(e => e.Kind == WasmExportKind.Function)
            .GroupBy(e => e.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);
        return _exportedFunctions.TryGetValue(export, out uint index)
            ? index
            : throw new ArgumentException($"{Name} exports no function \"{export}\"", nameof(export));
    }

    private Dictionary<string, uint>? _exportedFunctions;
}
