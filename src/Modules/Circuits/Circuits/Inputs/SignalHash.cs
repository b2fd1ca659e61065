using System.Text;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// The key a circom 2 witness calculator uses to look up an input signal (FORMATS.md §7, "Input hash"):
/// FNV-1a 64 over the UTF-8 bytes of the signal name, offset basis 0xcbf29ce484222325, prime 0x100000001b3.
/// circom hashes UTF-8 bytes (crate <c>lz_fnv</c>); circom_runtime's JS hashes UTF-16 code units, so the two
/// agree only for ASCII names. The wasm takes the hash as two i32 halves, <c>setInputSignal(hMSB, hLSB, pos)</c>.
/// </summary>
internal static class SignalHash
{
    private const ulong OffsetBasis = 0xcbf29ce484222325;

    private const ulong Prime = 0x100000001b3;

    /// <summary>FNV-1a 64 of the UTF-8 encoding of <paramref name="name"/>.</summary>
    public static ulong Of(string name) => Of(Encoding.UTF8.GetBytes(name));

    /// <summary>FNV-1a 64 of <paramref name="bytes"/>: xor each byte in, then multiply modulo 2^64.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }

    /// <summary>
    /// The upper and lower 32 bits as the i32 arguments the wasm receives. The JS glue parses each half as an
    /// unsigned number and WebAssembly's ToInt32 wraps it, so halves of 0x80000000 and above are negative.
    /// </summary>
    public static (int Msb, int Lsb) Split(ulong hash) => (unchecked((int)(uint)(hash >> 32)), unchecked((int)(uint)hash));

    /// <summary>The i32 halves of the hash of <paramref name="name"/>.</summary>
    public static (int Msb, int Lsb) SplitOf(string name) => Split(Of(name));
}
