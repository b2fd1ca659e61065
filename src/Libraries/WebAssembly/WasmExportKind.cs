namespace CredentialHub.WebAssembly;

/// <summary>
/// The kind of an export, with its binary tag (WebAssembly 1.0 §5.5.10). Global exports (tag 0x03) are outside
/// the circom subset: circom 2 defines no globals.
/// </summary>
public enum WasmExportKind : byte
{
    Function = 0x00,
    Table = 0x01,
    Memory = 0x02,
}
