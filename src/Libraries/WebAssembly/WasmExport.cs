namespace CredentialHub.WebAssembly;

/// <summary>An export (WebAssembly 1.0 §2.5.9, binary §5.5.10): a name and the index it refers to in its index space.</summary>
public sealed record WasmExport(string Name, WasmExportKind Kind, uint Index);
