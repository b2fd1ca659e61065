namespace CredentialHub.Circuits.Wasm.Interpreter;

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
internal sealed partial class WasmInstance
{
    public const int PageSize = 65536;

    /// <summary>Instructions between two looks at the cancellation token.</summary>
    public const int CancellationInterval = 1 << 16;

    /// <summary>The most pages a byte array can hold (its length stays below 2^31).</summary>
    public const int MaxAddressablePages = 32767;

    private readonly WasmModule _module;
    private readonly WasmCompiledFunction[] _functions;
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
        : this(module, WasmCompiler.CompileAll(module), imports, options)
    {
    }

    /// <summary>Instantiates a module whose functions <see cref="WasmCompiler.CompileAll"/> already compiled.</summary>
    public WasmInstance(WasmModule module, WasmCompiledFunction[] functions, IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null)
    {
        options ??= new WasmInstanceOptions();
        _module = module;
        _functions = functions;
        _maxCallDepth = options.MaxCallDepth;
        _cancellation = options.Cancellation;
        _hosts = new WasmHostFunction[module.Imports.Count];
        for (int i = 0; i < _hosts.Length; i++)
        {
            var import = module.Imports[i];
            string key = $"{import.Module}.{import.Name}";
            _hosts[i] = imports.TryGetValue(key, out var host)
                ? host
                : throw new WasmFormatException(module.Name, "import section", $"import {i} \"{key}\" has no host function");
        }
        _canonicalTypes = new int[module.Types.Count];
        for (int i = 0; i < _canonicalTypes.Length; i++)
        {
            int j = 0;
            while (!SameType(module.Types[j], module.Types[i]))
            {
                j++;
            }
            _canonicalTypes[i] = j;
        }
        _table = new uint[module.Table?.Minimum ?? 0];
        Array.Fill(_table, uint.MaxValue);
        foreach (var segment in module.Elements)
        {
            for (int j = 0; j < segment.FunctionIndices.Count; j++)
            {
                _table[segment.Offset + j] = segment.FunctionIndices[j];
            }
        }
        var memory = module.Memory!;
        _maxPages = (int)Math.Min(Math.Min(options.MaxPages, memory.Maximum ?? uint.MaxValue), MaxAddressablePages);
        if (memory.Minimum > _maxPages)
        {
            throw new WasmTrapException($"the module needs {memory.Minimum} memory pages at start but the cap is {_maxPages}");
        }
        _memory = new byte[memory.Minimum * PageSize];
        foreach (var segment in module.Data)
        {
            segment.Bytes.CopyTo(_memory, segment.Offset);
        }
    }

    /// <summary>The linear memory as it is now; <c>memory.grow</c> replaces the array, so do not keep it across calls.</summary>
    public Span<byte> Memory => _memory;

    /// <summary>The current memory size in pages.</summary>
    public int Pages => _memory.Length / PageSize;

    /// <summary>Calls the exported function <paramref name="export"/>; see <see cref="Invoke(uint, ReadOnlySpan{long})"/>.</summary>
    public long Invoke(string export, params ReadOnlySpan<long> arguments)
    {
        var found = _module.FindExport(export);
        if (found is not { Kind: WasmExportKind.Function })
        {
            throw new ArgumentException($"{_module.Name} exports no function \"{export}\"", nameof(export));
        }
        return Invoke(found.Index, arguments);
    }

    /// <summary>
    /// Calls function <paramref name="function"/> of the function index space with one 64-bit slot per parameter
    /// (an i32 in the low 32 bits) and returns its result, or 0 when it has none. Throws
    /// <see cref="WasmTrapException"/> on a trap, <see cref="OperationCanceledException"/> when cancelled, and
    /// whatever a host function throws.
    /// </summary>
    public long Invoke(uint function, ReadOnlySpan<long> arguments)
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
        return Execute(function, arguments);
    }

    private static bool SameType(WasmFunctionType a, WasmFunctionType b) =>
        a.Result == b.Result && a.Parameters.SequenceEqual(b.Parameters);
}
