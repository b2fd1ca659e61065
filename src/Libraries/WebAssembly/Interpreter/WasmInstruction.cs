namespace CredentialHub.WebAssembly.Interpreter;

/// <summary>
/// One pre-decoded instruction of a <see cref="LoweredFunction"/>. <see cref="Op"/> is the WebAssembly opcode,
/// or one of the interpreter's own codes below for control flow, whose targets are resolved in advance so that a
/// branch is a jump:
/// <list type="bullet">
/// <item><c>br</c>, <c>br_if</c>: <see cref="Target"/> is the instruction to continue at; the operand stack is cut to
/// <see cref="Height"/> slots above the frame base (locals included), keeping the top <see cref="Arity"/> values.</item>
/// <item><c>if</c>: <see cref="Target"/> is where to go when the condition is zero (after the <c>else</c>, or the end).</item>
/// <item><see cref="Jump"/>: an <c>else</c> reached from the then-branch, continuing at <see cref="Target"/> (the end).</item>
/// <item><c>local.*</c>, <c>call</c>, <c>call_indirect</c>: <see cref="Target"/> is the local, function or type index.</item>
/// <item>constants: <see cref="Value"/>; loads and stores: <see cref="Value"/> is the static offset (a u32).</item>
/// </list>
/// <c>block</c>, <c>loop</c> and inner <c>end</c> emit nothing; the function's final <c>end</c> is a <c>return</c>.
/// </summary>
internal struct WasmInstruction
{
    /// <summary>An unconditional jump with no stack change: the then-branch of an <c>if</c> reaching its <c>else</c>.</summary>
    public const byte Jump = 0x05;

    public byte Op;
    public byte Arity;
    public int Target;
    public int Height;
    public long Value;
}
