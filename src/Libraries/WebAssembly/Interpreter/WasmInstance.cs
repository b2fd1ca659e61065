namespace CredentialHub.WebAssembly.Interpreter;

/// <summary>
/// An instance of a validated circom 2 module (WebAssembly 1.0 §4.5.4): its own linear memory with the data
/// segments copied in, the funcref table filled from the element segments, and host functions for the imports.
/// This is the reference interpreter: simple and checked, the twin a faster compiler is tested against.
/// <list type="bullet">
/// <item>Memory is a byte array grown by <c>memory.grow</c> up to <see cref="WasmInstanceOptions.MaxPages"/>;
/// growing past it returns −1, as the spec allows (§4.4.7), and circom then reports "not enough memory".</item>
/// <item>Calls use an explicit frame stack, so deep template recursion never consumes the host stack; more than
/// <see cref="WasmInstanceOptions.MaxCallDepth"/> nested frames trap.</item>
/// <item>The cancellation token is checked every <see cref="CancellationInterval"/> instructions.</item>
/// </list>
/// An instance is not thread-safe; a host function may re-enter it through <see cref="Invoke(string, ReadOnlySpan{long})"/>.
/// </summary>
public sealed partial class WasmInstance : IWasmInstance
{
    internal const int PageSize = WasmInstantiation.PageSize;

    /// <summary>Instructions between two looks at the cancellation token.</summary>
    internal const int CancellationInterval = 1 << 16;

    private readonly WasmModule _module;
    private readonly LoweredFunction[] _functions;
    private readonly WasmHostFunction[] _hosts;
    private readonly uint[] _table;
    private readonly int[] _canonicalTypes;
    private readonly int _maxPages;
    private readonly int _maxCallDepth;
    private readonly CancellationToken _cancellation;
    private byte[] _memory;

    /// <summary>Instantiates <paramref name="module"/>, which <see cref="WasmValidator"/> must have accepted.</summary>
    /// <param name="module">The validated module.</param>
    /// <param name="imports">Host functions by "module.name", e.g. "runtime.exceptionHandler"; every import must be supplied.</param>
    /// <param name="options">Limits and the cancellation token; null for the defaults.</param>
    public WasmInstance(WasmModule module, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
        : this(module, InterpreterLowering.LowerAll(module), imports, options)
    {
    }

    /// <summary>Instantiates a module whose functions <see cref="InterpreterLowering.LowerAll"/> already lowered.</summary>
    public WasmInstance(WasmModule module, LoweredFunction[] functions, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
    {
        options ??= new WasmInstanceOptions();
        _module = module;
        _functions = functions;
        _maxCallDepth = options.MaxCallDepth;
        _cancellation = options.Cancellation;
        _hosts = WasmInstantiation.ResolveImports(module, imports);
        _canonicalTypes = WasmInstantiation.CanonicalTypes(module);
        _table = WasmInstantiation.Table(module);
        _memory = WasmInstantiation.InitialMemory(module, options.MaxPages, out _maxPages);
    }

    /// <summary>The linear memory as it is now; <c>memory.grow</c> replaces the array, so do not keep it across calls.</summary>
    public Span<byte> Memory => _memory;

    /// <summary>The current memory size in pages.</summary>
    public int Pages => _memory.Length / PageSize;

    /// <inheritdoc/>
    public uint ExportedFunction(string export) => _module.ExportedFunction(export);

    /// <summary>Calls the exported function <paramref name="export"/>; see <see cref="Invoke(uint, ReadOnlySpan{long})"/>.</summary>
    public long Invoke(string export, params ReadOnlySpan<long> arguments) => Invoke(ExportedFunction(export), arguments);

    /// <inheritdoc/>
    public long Invoke(uint function, params ReadOnlySpan<long> arguments)
    {
        var type = _module.Types[(int)_module.TypeIndexOf(function)];
        if (arguments.Length != type.Parameters.Count)
        {
            throw new ArgumentException($"function {function} takes {type.Parameters.Count} arguments, got {arguments.Length}", nameof(arguments));
        }
        if (function < (uint)_hosts.Length)
        {
            return _hosts[function](this, arguments);
        }
        // i32 values travel as 64-bit slots: only their low 32 bits count, and a result comes back sign-extended.
        Span<long> canonical = arguments.Length <= 16 ? stackalloc long[arguments.Length] : new long[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            canonical[i] = type.Parameters[i] == WasmValueType.I32 ? (int)arguments[i] : arguments[i];
        }
        long result = Execute(function, canonical);
        return type.Result == WasmValueType.I32 ? (int)result : result;
    }

}
