using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Signed window digits of a 256-bit integer (four little-endian limbs) by Booth recoding. For a window
/// of width c at bit offset o, with bits b_i (b_{−1} = 0),
///   d = Σ_{i&lt;c} b_{o+i}·2^i + b_{o−1} − 2^c·b_{o+c−1},
/// which lies in [−2^(c−1), 2^(c−1)]. For consecutive windows (each starting where the previous ends)
/// Σ_w d_w·2^(o_w) = k as long as the widths add up to more than the bit length of k: the borrowed
/// bits telescope. Each digit depends on c + 1 bits only, so every window is computed on its own and
/// windows can be processed in parallel without first propagating carries through the scalar.
/// A negative digit adds −P to bucket |d|, which costs nothing on a short Weierstrass curve.
/// </summary>
internal static class SignedDigits
{
    /// <summary>The number of windows of at most c bits that covers integers of the given bit length.</summary>
    internal static int WindowCount(int bitLength, int c) => (bitLength + c) / c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe int Digit(ulong* limbs, int offset, int width)
    {
        ulong bits = offset == 0 ? Extract(limbs, 0, width) << 1 : Extract(limbs, offset - 1, width + 1);
        int value = (int)(bits >> 1);
        return value + (int)(bits & 1) - ((value >> (width - 1)) << width);
    }

    /// <summary>Bits [position, position + length) of the integer, length ≤ 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong Extract(ulong* limbs, int position, int length)
    {
        int limb = position >> 6;
        if (limb >= 4)
        {
            return 0;
        }
        int shift = position & 63;
        ulong bits = limbs[limb] >> shift;
        if (shift + length > 64 && limb < 3)
        {
            bits |= limbs[limb + 1] << (64 - shift);
        }
        return bits & ((1UL << length) - 1);
    }

    /// <summary>The bit length of the integer: 0 for zero.</summary>
    internal static unsafe int BitLength(ulong* limbs)
    {
        for (int limb = 3; limb >= 0; limb--)
        {
            if (limbs[limb] != 0)
            {
                return 64 * limb + 64 - System.Numerics.BitOperations.LeadingZeroCount(limbs[limb]);
            }
        }
        return 0;
    }
}
