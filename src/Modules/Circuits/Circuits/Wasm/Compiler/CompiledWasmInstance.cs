namespace CredentialHub.Circuits.Wasm.Compiler;

/// <summary>
/// One instance of a <see cref="CompiledWasmModule"/>: its own linear memory, host functions and limits, passed to
/// every compiled function as its last argument. Many instances of one module may run at once, each on its own
/// thread; one instance is not thread-safe. Calls run on a <see cref="WasmThread"/>: an
/// <see cref="Invoke(uint, ReadOnlySpan{long})"/> from any other thread moves there for the duration of the call.
/// <para>
/// Recursion is bounded by the native stack of that thread, not by a frame count: compiled code compares its stack
/// pointer with <see cref="StackLimit"/> at every function entry and loop head, and the same comparison observes
/// cancellation, because cancelling raises the limit above any stack address. <see cref="WasmInstanceOptions.MaxCallDepth"/>
/// applies to the interpreter only.
/// </para>
/// Dispose the instance when the run is over: it releases the registration on the cancellation token.
/// </summary>
internal sealed class CompiledWasmInstance : IWasmInstance, IDisposable
{
    // Read and written by compiled code.
    public byte[] Memory;
    public nuint StackLimit;

    private readonly CompiledWasmModule _module;
    private readonly WasmHostFunction[] _hosts;
    private readonly int _maxPages;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _registration;
    private nuint _stackLimit;

    public CompiledWasmInstance(CompiledWasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
    {
        options ??= new WasmInstanceOptions();
        _module = module;
        _hosts = WasmInstantiation.ResolveImports(module.Module, imports);
        Memory = module.InitialMemory(options.MaxPages, out _maxPages);
        _cancellation = options.Cancellation;
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
    public void Interrupt(nuint stackPointer)
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
        return entry(arguments, this);
    }
}
