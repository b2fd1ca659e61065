using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Signed c-bit window digits of a 256-bit integer (four little-endian limbs) by Booth recoding:
/// with bits b_i (b_{−1} = 0), digit w is
///   d_w = Σ_{i&lt;c} b_{cw+i}·2^i + b_{cw−1} − 2^c·b_{cw+c−1},
/// which lies in [−2^(c−1), 2^(c−1)] and satisfies Σ_w d_w·2^(cw) = k as long as c·W &gt; bit length of k
/// (the sum telescopes). Each digit depends on c + 1 bits only, so every window is computed on its own
/// and windows can be processed in parallel without first propagating carries through the scalar.
/// A negative digit adds −P to bucket |d|, which costs nothing on a short Weierstrass curve.
/// </summary>
internal static class SignedDigits
{
    /// <summary>The number of windows of c bits that covers integers of the given bit length.</summary>
    internal static int WindowCount(int bitLength, int c) => (bitLength + c) / c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe int Digit(ulong* limbs, int window, int c)
    {
        int low = window * c - 1;
        ulong bits = low < 0 ? Extract(limbs, 0, c) << 1 : Extract(limbs, low, c + 1);
        int value = (int)(bits >> 1);
        return value + (int)(bits & 1) - ((value >> (c - 1)) << c);
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
