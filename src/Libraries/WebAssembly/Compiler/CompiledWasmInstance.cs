namespace CredentialHub.WebAssembly.Compiler;

/// <summary>
/// One instance of a <see cref="CompiledWasmModule"/>: its own linear memory, host functions and limits, passed to
/// every compiled function as its last argument. Many instances of one module may run at once, each on its own
/// thread; one instance is not thread-safe. Calls run on a <see cref="WasmThread"/>: an
/// <see cref="Invoke(uint, ReadOnlySpan{long})"/> from any other thread moves there for the duration of the call.
/// <para>
/// Recursion is bounded twice: by <see cref="WasmInstanceOptions.MaxCallDepth"/> (a counter in <see cref="Depth"/>;
/// a trap then unwinds a few thousand frames, not the millions a large stack would hold, which takes minutes)
/// and by the native stack, whose pointer compiled code compares with <see cref="StackLimit"/> at every function
/// entry and loop head. The same comparison observes cancellation: cancelling raises the limit above any address.
/// </para>
/// Dispose the instance when the run is over: it releases the registration on the cancellation token.
/// </summary>
public sealed class CompiledWasmInstance : IWasmInstance, IDisposable
{
    // Read and written by compiled code.
    internal byte[] Memory;
    internal nuint StackLimit;
    internal int Depth;
    internal readonly int MaxCallDepth;

    private readonly CompiledWasmModule _module;
    private readonly WasmHostFunction[] _hosts;
    private readonly int _maxPages;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _registration;
    private nuint _stackLimit;

    internal CompiledWasmInstance(CompiledWasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
    {
        options ??= new WasmInstanceOptions();
        _module = module;
        _hosts = WasmInstantiation.ResolveImports(module.Module, imports);
        Memory = module.InitialMemory(options.MaxPages, out _maxPages);
        _cancellation = options.Cancellation;
        MaxCallDepth = options.MaxCallDepth;
        if (_cancellation.CanBeCanceled)
        {
            _registration = _cancellation.UnsafeRegister(static state => Volatile.Write(ref ((CompiledWasmInstance)state!).StackLimit, nuint.MaxValue), this);
        }
    }

    Span<byte> IWasmInstance.Memory => Memory;

    public CompiledWasmModule Module => _module;

    public int Pages => Memory.Length / WasmInstantiation.PageSize;

    public uint ExportedFunction(string export) => _module.Module.ExportedFunction(export);

    public long Invoke(string export, params ReadOnlySpan<long> arguments) => Invoke(ExportedFunction(export), arguments);

    public long Invoke(uint function, params ReadOnlySpan<long> arguments)
    {
        int parameters = _module.ParameterCount(function);
        if (arguments.Length != parameters)
        {
            throw new ArgumentException($"function {function} takes {parameters} arguments, got {arguments.Length}", nameof(arguments));
        }
        if (function < (uint)_hosts.Length)
        {
            return _hosts[function](this, arguments);
        }
        var entry = _module.EntryPoint(function);
        nuint limit = WasmThread.StackLimit;
        return limit == 0 ? CallOnWasmThread(entry, arguments.ToArray()) : Call(entry, arguments, limit);
    }

    /// <summary>Releases the cancellation registration and hands the memory back to the module for the next instance.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        var memory = Memory;
        Memory = [];
        _module.ReturnMemory(memory);
    }

    /// <summary>Compiled code found its stack pointer <paramref name="stackPointer"/> below <see cref="StackLimit"/>: cancelled, or out of stack.</summary>
    internal void Interrupt(nuint stackPointer)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (stackPointer < _stackLimit)
        {
            throw new WasmTrapException("call stack exhausted: the native stack of the WebAssembly thread is used up");
        }
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

    // Separate from Invoke so that the closure is allocated only on this path.
    private long CallOnWasmThread(WasmEntryPoint entry, long[] arguments) =>
        WasmThread.Run(() => Call(entry, arguments, WasmThread.StackLimit), _module.FrameReserve);

    private long Call(WasmEntryPoint entry, ReadOnlySpan<long> arguments, nuint limit)
    {
        if (_stackLimit != limit)
        {
            _stackLimit = limit;
            StackLimit = limit;
        }
        // After the limit is written: a cancellation from now on raises it again through the registration.
        if (_cancellation.IsCancellationRequested)
        {
            StackLimit = nuint.MaxValue;
        }
        // A trap leaves the depth where it was thrown; a host calling in again after catching it starts afresh.
        int depth = Depth;
        try
        {
            return entry(arguments, this);
        }
        finally
        {
            Depth = depth;
        }
    }
}
