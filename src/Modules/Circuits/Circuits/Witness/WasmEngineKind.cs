using CredentialHub.WebAssembly.Compiler;
using CredentialHub.WebAssembly.Interpreter;

namespace CredentialHub.Circuits.Witness;

/// <summary>Which engine runs a circuit's WebAssembly.</summary>
internal enum WasmEngineKind
{
    /// <summary>Functions compiled to IL and run by the JIT (<see cref="CompiledWasmModule"/>): the one the service uses.</summary>
    Compiled,

    /// <summary>The reference interpreter (<see cref="WasmInstance"/>): slower, kept as the compiler's tested twin.</summary>
    Interpreted,
}
