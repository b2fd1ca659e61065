namespace CredentialHub.Circuits.Wasm;

/// <summary>A run of <see cref="Count"/> locals of one type, as a code entry declares them (WebAssembly 1.0 §5.5.13).</summary>
internal sealed record WasmLocalGroup(uint Count, WasmValueType Type);
