namespace CredentialHub.WebAssembly;

/// <summary>
/// An imported function (WebAssembly 1.0 §2.5.10, binary §5.5.5). circom 2 imports only functions, all from the
/// module "runtime" (FORMATS.md §7). <see cref="TypeIndex"/> indexes <see cref="WasmModule.Types"/>.
/// </summary>
public sealed record WasmFunctionImport(string Module, string Name, uint TypeIndex);
