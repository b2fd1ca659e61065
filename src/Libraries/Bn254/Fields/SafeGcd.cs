using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Modular inversion by Bernstein and Yang's divsteps ("Fast constant-time gcd computation and modular inversion",
/// TCHES 2019), in the variable-time form of libsecp256k1's modinv64: numbers in five signed 62-bit limbs, 62 divsteps
/// at a time on the low words alone (skipping runs of zero bits, cancelling up to six bits of g per step), then the
/// accumulated 2×2 transition matrix applied to the full f, g and to the Bézout values d, e modulo m, which are kept
/// within (−2m, m) by adding the multiple of m that clears their low 62 bits. About five times faster than Fermat's
/// x^(m−2) here. Works on plain integers (not Montgomery form); the caller converts. Not constant time: the inputs it
/// sees in this library are public (batch denominators of a multi-scalar multiplication, points of a proof).
/// </summary>
internal static class SafeGcd<P> where P : struct, IMontgomeryParameters
{
    private const long M62 = (long)(ulong.MaxValue >> 2);

    private static readonly long Mod0 = (long)(P.M0 & (ulong)M62);
    private static readonly long Mod1 = (long)(((P.M0 >> 62) | (P.M1 << 2)) & (ulong)M62);
    private static readonly long Mod2 = (long)(((P.M1 >> 60) | (P.M2 << 4)) & (ulong)M62);
    private static readonly long Mod3 = (long)(((P.M2 >> 58) | (P.M3 << 6)) & (ulong)M62);
    private static readonly long Mod4 = (long)(P.M3 >> 56);

    /// <summary>m⁻¹ mod 2^62: the parameters hold −m⁻¹ mod 2^64.</summary>
    private static readonly ulong ModulusInverse62 = (0UL - P.Inv) & (ulong)M62;

    /// <summary>R³ mod m = R²·R²/R, to bring the inverse of a Montgomery form back into Montgomery form.</summary>
    private static readonly ulong Rc0, Rc1, Rc2, Rc3;

#pragma warning disable CA1810 // the four limbs come from one product
    static SafeGcd()
    {
        Montgomery<P>.Mul(P.RR0, P.RR1, P.RR2, P.RR3, P.RR0, P.RR1, P.RR2, P.RR3, out Rc0, out Rc1, out Rc2, out Rc3);
    }
#pragma warning restore CA1810

    /// <summary>
    /// The inverse of a Montgomery form x·R: (x·R)⁻¹ from the divsteps, times R³ by a Montgomery product, is x⁻¹·R.
    /// </summary>
    internal static void InvertMontgomery(ulong a0, ulong a1, ulong a2, ulong a3, out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        Invert(a0, a1, a2, a3, out ulong i0, out ulong i1, out ulong i2, out ulong i3);
        Montgomery<P>.Mul(i0, i1, i2, i3, Rc0, Rc1, Rc2, Rc3, out r0, out r1, out r2, out r3);
    }

    private struct Signed62
    {
        public long V0, V1, V2, V3, V4;
    }

    /// <summary>r = a⁻¹ mod m for a plain integer 0 ≤ a &lt; m (0 maps to 0).</summary>
    internal static void Invert(ulong a0, ulong a1, ulong a2, ulong a3, out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        Signed62 d = default;
        Signed62 e = new() { V0 = 1 };
        Signed62 f = new() { V0 = Mod0, V1 = Mod1, V2 = Mod2, V3 = Mod3, V4 = Mod4 };
        Signed62 g = new()
        {
            V0 = (long)(a0 & (ulong)M62),
            V1 = (long)(((a0 >> 62) | (a1 << 2)) & (ulong)M62),
            V2 = (long)(((a1 >> 60) | (a2 << 4)) & (ulong)M62),
            V3 = (long)(((a2 >> 58) | (a3 << 6)) & (ulong)M62),
            V4 = (long)(a3 >> 56),
        };
        int length = 5;
        long eta = -1;
        while (true)
        {
            eta = DivSteps62(eta, (ulong)f.V0, (ulong)g.V0, out long u, out long v, out long q, out long r);
            UpdateDE(ref d, ref e, u, v, q, r);
            UpdateFG(length, ref f, ref g, u, v, q, r);
            if (g.V0 == 0)
            {
                long rest = 0;
                for (int j = 1; j < length; j++)
                {
                    rest |= Limb(ref g, j);
                }
                if (rest == 0)
                {
                    break;
                }
            }
            long fn = Limb(ref f, length - 1), gn = Limb(ref g, length - 1);
            long cond = ((long)length - 2) >> 63;
            cond |= fn ^ (fn >> 63);
            cond |= gn ^ (gn >> 63);
            if (cond == 0)
            {
                Limb(ref f, length - 2) |= (long)((ulong)fn << 62);
                Limb(ref g, length - 2) |= (long)((ulong)gn << 62);
                length--;
            }
        }
        // g = 0 and f = ±gcd = ±1 (m is prime; a = 0 leaves d = 0).
        Normalize(ref d, Limb(ref f, length - 1));
        r0 = (ulong)d.V0 | ((ulong)d.V1 << 62);
        r1 = ((ulong)d.V1 >> 2) | ((ulong)d.V2 << 60);
        r2 = ((ulong)d.V2 >> 4) | ((ulong)d.V3 << 58);
        r3 = ((ulong)d.V3 >> 6) | ((ulong)d.V4 << 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref long Limb(ref Signed62 x, int i) => ref Unsafe.Add(ref x.V0, i);

    /// <summary>
    /// 62 divsteps on the low 64 bits of f (odd) and g; returns the new eta (−delta) and the transition matrix, scaled by
    /// 2^62: 2^62·[f', g'] = [u v; q r]·[f, g].
    /// </summary>
    private static long DivSteps62(long eta, ulong f0, ulong g0, out long tu, out long tv, out long tq, out long tr)
    {
        ulong u = 1, v = 0, q = 0, r = 1;
        ulong f = f0, g = g0;
        int i = 62;
        while (true)
        {
            int zeros = System.Numerics.BitOperations.TrailingZeroCount(g | (ulong.MaxValue << i));
            g >>= zeros;
            u <<= zeros;
            v <<= zeros;
            eta -= zeros;
            i -= zeros;
            if (i == 0)
            {
                break;
            }
            ulong w;
            int limit;
            if (eta < 0)
            {
                eta = -eta;
                ulong t = f;
                f = g;
                g = 0UL - t;
                t = u;
                u = q;
                q = 0UL - t;
                t = v;
                v = r;
                r = 0UL - t;
                // Cancel up to six bits of g, no more than i (done then) nor eta + 1 (its sign flips then).
                limit = (int)eta + 1 > i ? i : (int)eta + 1;
                ulong mask = (ulong.MaxValue >> (64 - limit)) & 63UL;
                w = (f * g * (f * f - 2)) & mask;
            }
            else
            {
                // Up to four bits: eta tends to be small here.
                limit = (int)eta + 1 > i ? i : (int)eta + 1;
                ulong mask = (ulong.MaxValue >> (64 - limit)) & 15UL;
                w = f + (((f + 1) & 4) << 1);
                w = (0UL - w * g) & mask;
            }
            g += f * w;
            q += u * w;
            r += v * w;
        }
        tu = (long)u;
        tv = (long)v;
        tq = (long)q;
        tr = (long)r;
        return eta;
    }

    /// <summary>[d, e] ← ([u v; q r]·[d, e] + m·[md, me]) / 2^62, with md, me making the division exact; d, e stay in (−2m, m).</summary>
    private static void UpdateDE(ref Signed62 d, ref Signed62 e, long u, long v, long q, long r)
    {
        long sd = d.V4 >> 63, se = e.V4 >> 63;
        long md = (u & sd) + (v & se);
        long me = (q & sd) + (r & se);
        Int128 cd = (Int128)u * d.V0 + (Int128)v * e.V0;
        Int128 ce = (Int128)q * d.V0 + (Int128)r * e.V0;
        md -= (long)((ModulusInverse62 * (ulong)cd + (ulong)md) & (ulong)M62);
        me -= (long)((ModulusInverse62 * (ulong)ce + (ulong)me) & (ulong)M62);
        cd += (Int128)Mod0 * md;
        ce += (Int128)Mod0 * me;
        cd >>= 62;
        ce >>= 62;
        cd += (Int128)u * d.V1 + (Int128)v * e.V1 + (Int128)Mod1 * md;
        ce += (Int128)q * d.V1 + (Int128)r * e.V1 + (Int128)Mod1 * me;
        d.V0 = (long)cd & M62;
        cd >>= 62;
        e.V0 = (long)ce & M62;
        ce >>= 62;
        cd += (Int128)u * d.V2 + (Int128)v * e.V2 + (Int128)Mod2 * md;
        ce += (Int128)q * d.V2 + (Int128)r * e.V2 + (Int128)Mod2 * me;
        d.V1 = (long)cd & M62;
        cd >>= 62;
        e.V1 = (long)ce & M62;
        ce >>= 62;
        cd += (Int128)u * d.V3 + (Int128)v * e.V3 + (Int128)Mod3 * md;
        ce += (Int128)q * d.V3 + (Int128)r * e.V3 + (Int128)Mod3 * me;
        d.V2 = (long)cd & M62;
        cd >>= 62;
        e.V2 = (long)ce & M62;
        ce >>= 62;
        cd += (Int128)u * d.V4 + (Int128)v * e.V4 + (Int128)Mod4 * md;
        ce += (Int128)q * d.V4 + (Int128)r * e.V4 + (Int128)Mod4 * me;
        d.V3 = (long)cd & M62;
        cd >>= 62;
        e.V3 = (long)ce & M62;
        ce >>= 62;
        d.V4 = (long)cd;
        e.V4 = (long)ce;
    }

    /// <summary>[f, g] ← [u v; q r]·[f, g] / 2^62 on the first <paramref name="length"/> limbs (exact: the low bits cancel).</summary>
    private static void UpdateFG(int length, ref Signed62 f, ref Signed62 g, long u, long v, long q, long r)
    {
        long fi = f.V0, gi = g.V0;
        Int128 cf = (Int128)u * fi + (Int128)v * gi;
        Int128 cg = (Int128)q * fi + (Int128)r * gi;
        cf >>= 62;
        cg >>= 62;
        for (int i = 1; i < length; i++)
        {
            fi = Limb(ref f, i);
            gi = Limb(ref g, i);
            cf += (Int128)u * fi + (Int128)v * gi;
            cg += (Int128)q * fi + (Int128)r * gi;
            Limb(ref f, i - 1) = (long)cf & M62;
            cf >>= 62;
            Limb(ref g, i - 1) = (long)cg & M62;
            cg >>= 62;
        }
        Limb(ref f, length - 1) = (long)cf;
        Limb(ref g, length - 1) = (long)cg;
    }

    /// <summary>d ← d·sign mod m in [0, m), for d in (−2m, m).</summary>
    private static void Normalize(ref Signed62 d, long sign)
    {
        long r0 = d.V0, r1 = d.V1, r2 = d.V2, r3 = d.V3, r4 = d.V4;
        long add = r4 >> 63;
        r0 += Mod0 & add;
        r1 += Mod1 & add;
        r2 += Mod2 & add;
        r3 += Mod3 & add;
        r4 += Mod4 & add;
        long negate = sign >> 63;
        r0 = (r0 ^ negate) - negate;
        r1 = (r1 ^ negate) - negate;
        r2 = (r2 ^ negate) - negate;
        r3 = (r3 ^ negate) - negate;
        r4 = (r4 ^ negate) - negate;
        r1 += r0 >> 62; r0 &= M62;
        r2 += r1 >> 62; r1 &= M62;
        r3 += r2 >> 62; r2 &= M62;
        r4 += r3 >> 62; r3 &= M62;
        add = r4 >> 63;
        r0 += Mod0 & add;
        r1 += Mod1 & add;
        r2 += Mod2 & add;
        r3 += Mod3 & add;
        r4 += Mod4 & add;
        r1 += r0 >> 62; r0 &= M62;
        r2 += r1 >> 62; r1 &= M62;
        r3 += r2 >> 62; r2 &= M62;
        r4 += r3 >> 62; r3 &= M62;
        d.V0 = r0; d.V1 = r1; d.V2 = r2; d.V3 = r3; d.V4 = r4;
    }
}
