namespace CredentialHub.WebAssembly;

/// <summary>
/// A host function supplied for an import (WebAssembly 1.0 §4.5.4). Arguments arrive as 64-bit slots in parameter
/// order; an i32 argument is the slot's low 32 bits. The return value is the result (an i32 result in the low
/// 32 bits) and is ignored when the import's type has none. The host may call back into
/// <paramref name="instance"/>, and may throw to abort the run: the exception unwinds all WebAssembly frames.
/// </summary>
public delegate long WasmHostFunction(IWasmInstance instance, ReadOnlySpan<long> arguments);
