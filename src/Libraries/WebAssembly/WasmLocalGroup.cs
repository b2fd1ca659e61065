namespace CredentialHub.WebAssembly;

/// <summary>A run of <see cref="Count"/> locals of one type, as a code entry declares them (WebAssembly 1.0 §5.5.13).</summary>
public sealed record WasmLocalGroup(uint Count, WasmValueType Type);
