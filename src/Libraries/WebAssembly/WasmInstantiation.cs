namespace CredentialHub.WebAssembly;

/// <summary>The parts of instantiation (WebAssembly 1.0 §4.5.4) both engines share: import resolution and the initial memory.</summary>
internal static class WasmInstantiation
{
    public const int PageSize = 65536;

    /// <summary>The most pages a byte array can hold (its length stays below 2^31).</summary>
    public const int MaxAddressablePages = 32767;

    /// <summary>The host function for each import, in import order; a missing one is refused.</summary>
    public static WasmHostFunction[] ResolveImports(WasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports)
    {
        var hosts = new WasmHostFunction[module.Imports.Count];
        for (int i = 0; i < hosts.Length; i++)
        {
            var import = module.Imports[i];
            string key = $"{import.Module}.{import.Name}";
            hosts[i] = imports.TryGetValue(key, out var host)
                ? host
                : throw new WasmFormatException(module.Name, "import section", $"import {i} \"{key}\" has no host function");
        }
        return hosts;
    }

    /// <summary>
    /// The page cap for an instance (the smallest of the option, the module's maximum and what a byte array can
    /// hold) and a fresh memory of the module's minimum size with the data segments copied in.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="maxPagesOption">The instance's page cap option.</param>
    /// <param name="maxPages">The effective page cap.</param>
    /// <param name="reuse">An all-zero array to fill instead of allocating one; used only when it has exactly the initial size.</param>
    public static byte[] InitialMemory(WasmModule module, uint maxPagesOption, out int maxPages, byte[]? reuse = null)
    {
        var memory = module.Memory!;
        maxPages = (int)Math.Min(Math.Min(maxPagesOption, memory.Maximum ?? uint.MaxValue), MaxAddressablePages);
        if (memory.Minimum > maxPages)
        {
            throw new WasmTrapException($"the module needs {memory.Minimum} memory pages at start but the cap is {maxPages}");
        }
        byte[] bytes;
        if (reuse is not null && reuse.LongLength == (long)memory.Minimum * PageSize)
        {
            bytes = reuse;
        }
        else
        {
            bytes = new byte[memory.Minimum * PageSize];
        }
        foreach (var segment in module.Data)
        {
            segment.Bytes.CopyTo(bytes, segment.Offset);
        }
        return bytes;
    }

    /// <summary>For each type index, the first index of an identical type: call_indirect compares types structurally (§4.4.5).</summary>
    public static int[] CanonicalTypes(WasmModule module)
    {
        var canonical = new int[module.Types.Count];
        for (int i = 0; i < canonical.Length; i++)
        {
            int j = 0;
            while (!SameType(module.Types[j], module.Types[i]))
            {
                j++;
            }
            canonical[i] = j;
        }
        return canonical;
    }

    /// <summary>The funcref table after the element segments: a function index per element, <see cref="uint.MaxValue"/> where uninitialized.</summary>
    public static uint[] Table(WasmModule module)
    {
        var table = new uint[module.Table?.Minimum ?? 0];
        Array.Fill(table, uint.MaxValue);
        foreach (var segment in module.Elements)
        {
            for (int j = 0; j < segment.FunctionIndices.Count; j++)
            {
                table[segment.Offset + j] = segment.FunctionIndices[j];
            }
        }
        return table;
    }

    private static bool SameType(WasmFunctionType a, WasmFunctionType b) =>
        a.Result == b.Result && a.Parameters.SequenceEqual(b.Parameters);
}
