namespace CredentialHub.WebAssembly;

/// <summary>
/// The value types of the circom subset, with their binary encodings (WebAssembly 1.0 §5.3.1).
/// f32 (0x7d) and f64 (0x7c) exist in WebAssembly 1.0 but circom 2 never emits them.
/// </summary>
public enum WasmValueType : byte
{
    I32 = 0x7f,
    I64 = 0x7e,
}
