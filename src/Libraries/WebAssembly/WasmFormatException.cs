namespace CredentialHub.WebAssembly;

/// <summary>
/// A circuit.wasm that cannot be used: not WebAssembly 1.0, malformed (WebAssembly 1.0 core specification §5),
/// invalid (§3), or outside the subset circom 2 emits (FORMATS.md §7). The message names the module file,
/// the section and the construct at fault, with its byte offset in the file where one is known.
/// </summary>
public sealed class WasmFormatException(string module, string section, string problem)
    : Exception($"{module}: {section}: {problem}")
{
    public string Module { get; } = module;

    public string Section { get; } = section;

    public string Problem { get; } = problem;
}
