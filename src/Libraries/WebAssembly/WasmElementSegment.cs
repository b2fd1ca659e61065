namespace CredentialHub.WebAssembly;

/// <summary>
/// An active element segment for table 0 (WebAssembly 1.0 §2.5.7, binary §5.5.12 with flag 0): the function indices
/// written into the table from <see cref="Offset"/>, the value of the segment's <c>i32.const</c> offset read as
/// unsigned (§4.5.4). circom 2 fills its template-instance table with one such segment at offset 0.
/// </summary>
public sealed record WasmElementSegment(uint Offset, IReadOnlyList<uint> FunctionIndices);
