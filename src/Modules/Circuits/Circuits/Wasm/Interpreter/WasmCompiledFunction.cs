namespace CredentialHub.Circuits.Wasm.Interpreter;

/// <summary>
/// A defined function ready for <see cref="WasmInstance"/>: its instructions with resolved branch targets, the
/// number of parameters and of all locals (parameters included), whether it returns a value, and the most operand
/// slots it can use above its locals, so a call reserves its whole frame once.
/// </summary>
internal sealed record WasmCompiledFunction(
    WasmInstruction[] Code,
    uint TypeIndex,
    int ParameterCount,
    int LocalCount,
    bool HasResult,
    int MaxHeight);
