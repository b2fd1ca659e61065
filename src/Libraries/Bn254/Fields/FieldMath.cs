using System.Numerics;

namespace CredentialHub.Bn254.Fields;

/// <summary>Algorithms written once for every field of the tower.</summary>
public static class FieldMath
{
    /// <summary>x^e by left-to-right square-and-multiply; e ≥ 0.</summary>
    public static T Pow<T>(T x, BigInteger e) where T : struct, IField<T>
    {
        if (e.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(e), "exponent must be non-negative");
        }
        byte[] bytes = e.ToByteArray(isUnsigned: true, isBigEndian: false);
        T result = T.One;
        for (int i = bytes.Length * 8 - 1; i >= 0; i--)
        {
            result = result.Square();
            if (((bytes[i >> 3] >> (i & 7)) & 1) != 0)
            {
                result *= x;
            }
        }
        return result;
    }

    /// <summary>x^e for an exponent given as little-endian 64-bit limbs.</summary>
    public static T Pow<T>(T x, ReadOnlySpan<ulong> e) where T : struct, IField<T>
    {
        T result = T.One;
        bool started = false;
        for (int limb = e.Length - 1; limb >= 0; limb--)
        {
            for (int bit = 63; bit >= 0; bit--)
            {
                if (started)
                {
                    result = result.Square();
                }
                if (((e[limb] >> bit) & 1) != 0)
                {
                    result = started ? result * x : x;
                    started = true;
                }
            }
        }
        return result;
    }

    /// <summary>Inverts every non-zero element in place with one inversion (Montgomery's trick); zeros stay zero.</summary>
    public static void BatchInverse<T>(Span<T> values) where T : struct, IField<T>
    {
        if (values.IsEmpty)
        {
            return;
        }
        var prefix = new T[values.Length];
        T acc = T.One;
        for (int i = 0; i < values.Length; i++)
        {
            prefix[i] = acc;
            if (!values[i].IsZero)
            {
                acc *= values[i];
            }
        }
        T inv = acc.Inverse();
        for (int i = values.Length - 1; i >= 0; i--)
        {
            if (values[i].IsZero)
            {
                continue;
            }
            T v = values[i];
            values[i] = inv * prefix[i];
            inv *= v;
        }
    }
}
