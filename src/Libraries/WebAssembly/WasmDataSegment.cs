namespace CredentialHub.WebAssembly;

/// <summary>
/// An active data segment for memory 0 (WebAssembly 1.0 §2.5.8, binary §5.5.14 with flag 0): <see cref="Bytes"/>
/// copied into memory at <see cref="Offset"/>, the value of the segment's <c>i32.const</c> offset read as unsigned.
/// <see cref="FileOffset"/> is where the bytes start in the module file.
/// </summary>
public sealed record WasmDataSegment(uint Offset, int FileOffset, byte[] Bytes);
