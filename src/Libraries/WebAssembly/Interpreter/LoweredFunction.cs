namespace CredentialHub.WebAssembly.Interpreter;

/// <summary>
/// A defined function lowered for <see cref="WasmInstance"/>: its instructions with resolved branch targets, the
/// number of parameters and of all locals (parameters included), whether it returns a value, and the most operand
/// slots it can use above its locals, so a call reserves its whole frame once. Opaque outside the engine: made by
/// <see cref="InterpreterLowering.LowerAll"/> and handed to <see cref="WasmInstance"/>.
/// </summary>
public sealed class LoweredFunction
{
    internal LoweredFunction(WasmInstruction[] code, uint typeIndex, int parameterCount, int localCount, bool hasResult, int maxHeight)
    {
        Code = code;
        TypeIndex = typeIndex;
        ParameterCount = parameterCount;
        LocalCount = localCount;
        HasResult = hasResult;
        MaxHeight = maxHeight;
    }

    internal WasmInstruction[] Code { get; }

    internal uint TypeIndex { get; }

    internal int ParameterCount { get; }

    internal int LocalCount { get; }

    internal bool HasResult { get; }

    internal int MaxHeight { get; }
}
