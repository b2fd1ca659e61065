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

    private const int Words = N8 / 4;

    /// <summary>r as 32-bit words, least significant first.</summary>
    private static readonly uint[] ModulusWords = ToWords(CircuitInputs.FieldModulus);

    public static byte[] Write(IReadOnlyList<BigInteger> witness)
    {
        var words = new uint[Words * witness.Count];
        for (int i = 0; i < witness.Count; i++)
        {
            var value = witness[i];
            if (value.Sign < 0 || value >= CircuitInputs.FieldModulus)
            {
                throw new ArgumentException($"witness value {i} is not in [0, r)", nameof(witness));
            }
            ToWords(value).CopyTo(words, Words * i);
        }
        return Write(words);
    }

    /// <summary>Writes a witness given as 8 little-endian 32-bit words per value; each value must be in [0, r).</summary>
    public static byte[] Write(ReadOnlySpan<uint> words)
    {
        if (words.Length % Words != 0)
        {
            throw new ArgumentException($"{words.Length} words is not a whole number of {Words}-word values", nameof(words));
        }
        int count = words.Length / Words;
        var bytes = new byte[12 + 12 + 8 + N8 + 12 + (long)N8 * count];
        var span = bytes.AsSpan();
        "wtns"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 2);
        int at = 12;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 4)..], 8 + N8);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 12)..], N8);
        WriteValue(span.Slice(at + 16, N8), CircuitInputs.FieldModulus);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 16 + N8)..], (uint)count);
        at += 12 + 8 + N8;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 4)..], (ulong)N8 * (ulong)count);
        at += 12;
        for (int i = 0; i < count; i++)
        {
            var value = words.Slice(Words * i, Words);
            if (!IsCanonical(value))
            {
                throw new ArgumentException($"witness value {i} is not in [0, r)", nameof(words));
            }
            for (int j = 0; j < Words; j++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(at + N8 * i + 4 * j)..], value[j]);
            }
        }
        return bytes;
    }

    /// <summary>Whether 8 little-endian words hold a value below r.</summary>
    public static bool IsCanonical(ReadOnlySpan<uint> value)
    {
        for (int j = Words - 1; j >= 0; j--)
        {
            if (value[j] != ModulusWords[j])
            {
                return value[j] < ModulusWords[j];
            }
        }
        return false;
    }

    private static uint[] ToWords(BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[N8];
        WriteValue(bytes, value);
        var words = new uint[Words];
        for (int j = 0; j < Words; j++)
        {
            words[j] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * j)..]);
        }
        return words;
    }

    private static void WriteValue(Span<byte> destination, BigInteger value)
    {
        destination.Clear();
        value.TryWriteBytes(destination, out _, isUnsigned: true, isBigEndian: false);
    }
}
