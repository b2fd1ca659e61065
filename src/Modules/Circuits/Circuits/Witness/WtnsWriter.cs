using System.Buffers.Binary;
using System.Numerics;
using CredentialHub.Circuits.Inputs;

namespace CredentialHub.Circuits.Witness;

/// <summary>
/// Writes a witness as a .wtns file, byte for byte as snarkjs <c>wtns calculate</c> does (FORMATS.md §1 and §3,
/// <c>calculateWTNSBin</c> in circom_runtime): magic "wtns", version 2, 2 sections. Section 1 (40 bytes) holds
/// n8 = 32, the prime r as 32 little-endian bytes and the number of values; section 2 holds each value as 32
/// little-endian bytes, plain (not Montgomery) and in [0, r).
/// </summary>
internal static class WtnsWriter
{
    private const int N8 = 32;

    public static byte[] Write(IReadOnlyList<BigInteger> witness)
    {
        var bytes = new byte[12 + 12 + 8 + N8 + 12 + (long)N8 * witness.Count];
        var span = bytes.AsSpan();
        "wtns"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 2);
        int at = 12;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 4)..], 8 + N8);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 12)..], N8);
        WriteValue(span.Slice(at + 16, N8), CircuitInputs.FieldModulus);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 16 + N8)..], (uint)witness.Count);
        at += 12 + 8 + N8;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 4)..], (ulong)N8 * (ulong)witness.Count);
        at += 12;
        for (int i = 0; i < witness.Count; i++)
        {
            var value = witness[i];
            if (value.Sign < 0 || value >= CircuitInputs.FieldModulus)
            {
                throw new ArgumentException($"witness value {i} is not in [0, r)", nameof(witness));
            }
            WriteValue(span.Slice(at + N8 * i, N8), value);
        }
        return bytes;
    }

    private static void WriteValue(Span<byte> destination, BigInteger value)
    {
        destination.Clear();
        value.TryWriteBytes(destination, out _, isUnsigned: true, isBigEndian: false);
    }
}
