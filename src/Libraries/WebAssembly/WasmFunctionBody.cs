namespace CredentialHub.WebAssembly;

/// <summary>
/// The body of a defined function (WebAssembly 1.0 §2.5.3, binary §5.5.13): its declared locals, kept as the groups
/// the binary declares so that a hostile count cannot force a large allocation, and its instruction bytes up to and
/// including the final <c>end</c>. <see cref="CodeOffset"/> is the file offset of <c>Code[0]</c>, so a position in
/// <see cref="Code"/> maps back to a byte of the file.
/// </summary>
public sealed record WasmFunctionBody(IReadOnlyList<WasmLocalGroup> Locals, byte[] Code, int CodeOffset);
