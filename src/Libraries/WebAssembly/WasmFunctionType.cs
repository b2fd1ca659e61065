namespace CredentialHub.WebAssembly;

/// <summary>
/// A function type (WebAssembly 1.0 §2.3.3, binary §5.3.3): parameters and at most one result, as WebAssembly 1.0
/// without multi-value allows.
/// </summary>
public sealed record WasmFunctionType(IReadOnlyList<WasmValueType> Parameters, WasmValueType? Result);
