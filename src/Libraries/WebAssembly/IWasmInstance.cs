namespace CredentialHub.WebAssembly;

/// <summary>
/// An instantiated circom module, whichever engine runs it: the reference interpreter
/// (<see cref="Interpreter.WasmInstance"/>) or the IL compiler (<see cref="Compiler.CompiledWasmInstance"/>).
/// An instance owns one linear memory and is not thread-safe; a host function may re-enter it.
/// </summary>
public interface IWasmInstance
{
    /// <summary>The linear memory as it is now; <c>memory.grow</c> replaces it, so do not keep the span across calls.</summary>
    Span<byte> Memory { get; }

    /// <summary>The current memory size in 64 KiB pages.</summary>
    int Pages { get; }

    /// <summary>The function index of the exported function <paramref name="export"/>.</summary>
    uint ExportedFunction(string export);

    /// <summary>
    /// Calls function <paramref name="function"/> of the function index space with one 64-bit slot per parameter
    /// (an i32 in the low 32 bits) and returns its result (an i32 sign-extended), or 0 when it has none. Throws
    /// <see cref="WasmTrapException"/> on a trap, <see cref="OperationCanceledException"/> when cancelled, and
    /// whatever a host function throws.
    /// </summary>
    long Invoke(uint function, params ReadOnlySpan<long> arguments);

    /// <summary>Calls the exported function <paramref name="export"/>; see <see cref="Invoke(uint, ReadOnlySpan{long})"/>.</summary>
    long Invoke(string export, params ReadOnlySpan<long> arguments) => Invoke(ExportedFunction(export), arguments);
}
