using System.Buffers.Binary;
using System.Numerics;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Conversions of 256-bit plain integers held as four little-endian 64-bit limbs: to and from
/// <see cref="BigInteger"/>, bytes in either order and canonical decimal text.
/// </summary>
internal static class Limbs
{
    internal static BigInteger ToBigInteger(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        Span<byte> bytes = stackalloc byte[32];
        Write(bytes, l0, l1, l2, l3, bigEndian: false);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>Splits 0 ≤ v &lt; 2^256 into limbs.</summary>
    internal static void FromBigInteger(BigInteger v, out ulong l0, out ulong l1, out ulong l2, out ulong l3)
    {
        if (v.Sign < 0 || v.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(v), "value must lie in [0, 2^256)");
        }
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        v.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        Read(bytes, bigEndian: false, out l0, out l1, out l2, out l3);
    }

    internal static void Read(ReadOnlySpan<byte> bytes, bool bigEndian, out ulong l0, out ulong l1, out ulong l2, out ulong l3)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException("a field element takes exactly 32 bytes", nameof(bytes));
        }
        if (bigEndian)
        {
            l3 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            l2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            l1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
            l0 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
        }
        else
        {
            l0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            l1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
            l2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
            l3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        }
    }

    internal static void Write(Span<byte> bytes, ulong l0, ulong l1, ulong l2, ulong l3, bool bigEndian)
    {
        if (bytes.Length < 32)
        {
            throw new ArgumentException("a field element takes 32 bytes", nameof(bytes));
        }
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, l3);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], l2);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], l1);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], l0);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, l0);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], l1);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], l2);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], l3);
        }
    }

    /// <summary>
    /// Parses canonical decimal text: ASCII digits only, no sign, no white space, no leading zero
    /// (except "0" itself), value below 2^256. Range against a modulus is the caller's check.
    /// </summary>
    internal static bool TryParseDecimal(ReadOnlySpan<char> text, out ulong l0, out ulong l1, out ulong l2, out ulong l3)
    {
        l0 = l1 = l2 = l3 = 0;
        if (text.IsEmpty || text.Length > 78 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }
        foreach (char ch in text)
        {
            uint digit = (uint)(ch - '0');
            if (digit > 9)
            {
                return false;
            }
            // (l3:l2:l1:l0) = 10·(l3:l2:l1:l0) + digit, failing on overflow past 256 bits.
            ulong hi = Math.BigMul(l0, 10, out l0);
            l0 += digit;
            ulong carry = hi + (l0 < digit ? 1UL : 0UL);
            hi = Math.BigMul(l1, 10, out l1);
            l1 += carry;
            carry = hi + (l1 < carry ? 1UL : 0UL);
            hi = Math.BigMul(l2, 10, out l2);
            l2 += carry;
            carry = hi + (l2 < carry ? 1UL : 0UL);
            hi = Math.BigMul(l3, 10, out l3);
            l3 += carry;
            carry = hi + (l3 < carry ? 1UL : 0UL);
            if (carry != 0)
            {
                return false;
            }
        }
        return true;
    }

    internal static string ToDecimal(ulong l0, ulong l1, ulong l2, ulong l3) =>
        ToBigInteger(l0, l1, l2, l3).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
