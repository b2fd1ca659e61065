namespace CredentialHub.WebAssembly;

/// <summary>
/// A WebAssembly trap (WebAssembly 1.0 core specification §4.4): execution stopped because an instruction could not
/// complete (division by zero, signed overflow, out-of-bounds memory access, a call_indirect signature mismatch)
/// or because a host limit was reached (call depth, memory page cap). <see cref="Reason"/> says which.
/// </summary>
public sealed class WasmTrapException(string reason) : Exception($"wasm trap: {reason}")
{
    public string Reason { get; } = reason;
}
