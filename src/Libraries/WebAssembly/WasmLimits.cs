namespace CredentialHub.WebAssembly;

/// <summary>
/// Limits of a table (in elements) or a memory (in 64 KiB pages), WebAssembly 1.0 §2.3.4, binary §5.3.4.
/// </summary>
public sealed record WasmLimits(uint Minimum, uint? Maximum);
