namespace CredentialHub.Circuits.Wasm.Compiler;

/// <summary>
/// One instance of a <see cref="CompiledWasmModule"/>: its own linear memory, host functions and limits, passed to
/// every compiled function as its last argument. Many instances of one module may run at once, each on its own
/// thread; one instance is not thread-safe. Calls run on a <see cref="WasmThread"/>: an <see cref="Invoke(uint, ReadOnlySpan{long})"/>
/// from any other thread moves there for the duration of the call.
/// </summary>
internal sealed class CompiledWasmInstance : IWasmInstance
{
    /// <summary>Calls and loop iterations between two looks at the cancellation token.</summary>
    public const int CancellationInterval = 4096;

    // Read and written by compiled code.
    public byte[] Memory;
    public int Depth;
    public int Budget = CancellationInterval;
    public nuint StackLimit;
    public readonly int MaxCallDepth;

    private readonly CompiledWasmModule _module;
    private readonly WasmHostFunction[] _hosts;
    private readonly int _maxPages;
    private readonly CancellationToken _cancellation;

    public CompiledWasmInstance(CompiledWasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
    {
        options ??= new WasmInstanceOptions();
        _module = module;
        _hosts = WasmInstantiation.ResolveImports(module.Module, imports);
        Memory = WasmInstantiation.InitialMemory(module.Module, options.MaxPages, out _maxPages);
        MaxCallDepth = options.MaxCallDepth;
        _cancellation = options.Cancellation;
    }

    Span<byte> IWasmInstance.Memory => Memory;

    public int Pages => Memory.Length / WasmInstantiation.PageSize;

    public uint ExportedFunction(string export) => _module.Module.ExportedFunction(export);

    public long Invoke(string export, params ReadOnlySpan<long> arguments) => Invoke(ExportedFunction(export), arguments);

    public long Invoke(uint function, params ReadOnlySpan<long> arguments)
    {
        var module = _module.Module;
        if (function >= (uint)module.FunctionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(function), $"{module.Name} has {module.FunctionCount} functions");
        }
        var type = module.Types[(int)module.TypeIndexOf(function)];
        if (arguments.Length != type.Parameters.Count)
        {
            throw new ArgumentException($"function {function} takes {type.Parameters.Count} arguments, got {arguments.Length}", nameof(arguments));
        }
        if (function < (uint)_hosts.Length)
        {
            return _hosts[function](this, arguments);
        }
        var entry = _module.EntryPoint(function);
        if (WasmThread.StackLimit == 0)
        {
            long[] copy = arguments.ToArray();
            return WasmThread.Run(() => Call(entry, copy), _module.FrameReserve);
        }
        return Call(entry, arguments);
    }

    internal long CallHost(int import, long[] arguments) => _hosts[import](this, arguments);

    internal int Grow(uint delta)
    {
        int old = Pages;
        if ((ulong)old + delta > (ulong)_maxPages)
        {
            return -1;
        }
        if (delta != 0)
        {
            Array.Resize(ref Memory, (old + (int)delta) * WasmInstantiation.PageSize);
        }
        return old;
    }

    internal void Poll()
    {
        Budget = CancellationInterval;
        _cancellation.ThrowIfCancellationRequested();
    }

    private long Call(WasmEntryPoint entry, ReadOnlySpan<long> arguments)
    {
        StackLimit = WasmThread.StackLimit;
        return entry(arguments, this);
    }
}
