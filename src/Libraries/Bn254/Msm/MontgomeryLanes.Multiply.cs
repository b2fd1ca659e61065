using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CredentialHub.Bn254.Msm;

internal readonly partial struct MontgomeryLanes<M>
{
    /// <summary>2^104: x·y + 2^104 rounded toward zero keeps ⌊x·y / 2^52⌋ in the mantissa.</summary>
    private const double HighSplit = 20282409603651670423947251286016.0;

    /// <summary>2^104 + 2^52: with the high half taken away, the low half lands in [2^52, 2^53), exact.</summary>
    private const double LowSplit = 20282409603651670423947251286016.0 + 4503599627370496.0;

    /// <summary>The bit pattern of 2^52: a low half's pattern is this plus (x·y mod 2^52).</summary>
    private const ulong LowBias = 0x4330000000000000;

    /// <summary>The bit pattern of 2^104: a high half's pattern is this plus ⌊x·y / 2^52⌋.</summary>
    private const ulong HighBias = 0x4670000000000000;

    /// <summary>
    /// Adds the product of x, y &lt; 2^52 (integers held in doubles) to two columns: the bit pattern of its
    /// low 52 bits to <paramref name="low"/>, of the rest to <paramref name="high"/>. Each pattern carries
    /// its bias (<see cref="LowBias"/>, <see cref="HighBias"/>), a multiple of 2^52 that the caller takes
    /// away once per column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Product(Vector512<double> x, Vector512<double> y, ref Vector512<ulong> low, ref Vector512<ulong> high)
    {
        Vector512<double> h = Avx512F.FusedMultiplyAdd(x, y, Vector512.Create(HighSplit), FloatRoundingMode.ToZero);
        low += Avx512F.FusedMultiplyAdd(x, y, Vector512.Create(LowSplit) - h).AsUInt64();
        high += h.AsUInt64();
    }

    /// <summary>Adds only the high part of x·y (<see cref="Product"/>), with its bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HighProduct(Vector512<double> x, Vector512<double> y, ref Vector512<ulong> high) =>
        high += Avx512F.FusedMultiplyAdd(x, y, Vector512.Create(HighSplit), FloatRoundingMode.ToZero).AsUInt64();

    /// <summary>Adds the low 52 bits of k·m (integers), by a 64-bit multiply: shorter than <see cref="Product"/>'s two steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LowProduct(Vector512<ulong> k, ulong m, ref Vector512<ulong> low) =>
        low += Avx512DQ.MultiplyLow(k, Vector512.Create(m)) & Vector512.Create(LimbMask);

    /// <summary>
    /// The Montgomery product a·b·2^−256 mod m of each lane, operand scanning with interleaved reduction
    /// (Koç, Acar and Kaliski, "Analyzing and comparing Montgomery multiplication algorithms", 1996, CIOS)
    /// in radix 2^52: round i adds a·b_i, then k·m with k = t_i·(−m⁻¹) mod 2^52 so that column i becomes
    /// a multiple of 2^52, and carries it into column i + 1. The fifth round clears 48 bits only, so the
    /// rounds remove 4·52 + 48 = 256 bits and the result stays in the scalar types' Montgomery domain.
    /// For a, b &lt; m &lt; 2^254 the result is below 2m; one conditional subtraction reduces it.
    /// Columns add the products' bit patterns (<see cref="Product"/>); a column's biases are taken away
    /// when it is carried. A column gathers at most twenty 52-bit halves and a carry, below 2^57.
    /// In the first four rounds the low half of k·m_0 is not made: it only completes column i to
    /// ⌈t_i / 2^52⌉·2^52, so the carry is that quotient. The low halves of k·m_j (j ≥ 1) are made by
    /// 64-bit multiplies, which keep the chain from one round's k to the next short.
    /// Fully unrolled so that the JIT keeps the columns in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(in MontgomeryLanes<M> a, in MontgomeryLanes<M> b, out MontgomeryLanes<M> r)
    {
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        Vector512<ulong> nInv = Vector512.Create(M.NegativeInverse);
        Vector512<double> m0 = Vector512.Create((double)M.M0), m1 = Vector512.Create((double)M.M1), m2 = Vector512.Create((double)M.M2);
        Vector512<double> m3 = Vector512.Create((double)M.M3), m4 = Vector512.Create((double)M.M4);
        Vector512<double> a0 = Avx512DQ.ConvertToVector512Double(a.L0), a1 = Avx512DQ.ConvertToVector512Double(a.L1);
        Vector512<double> a2 = Avx512DQ.ConvertToVector512Double(a.L2), a3 = Avx512DQ.ConvertToVector512Double(a.L3);
        Vector512<double> a4 = Avx512DQ.ConvertToVector512Double(a.L4);
        Vector512<ulong> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default;
        Vector512<ulong> t5 = default, t6 = default, t7 = default, t8 = default, t9 = default;
        Vector512<double> bi, kd;
        Vector512<ulong> k;
        // Round 0: t += a·b0·2^0, then make column 0 a multiple of 2^52 with k·m and carry it.
        bi = Avx512DQ.ConvertToVector512Double(b.L0);
        Product(a0, bi, ref t0, ref t1);
        Product(a1, bi, ref t1, ref t2);
        Product(a2, bi, ref t2, ref t3);
        Product(a3, bi, ref t3, ref t4);
        Product(a4, bi, ref t4, ref t5);
        k = Avx512DQ.MultiplyLow(t0, nInv) & mask;
        kd = Avx512DQ.ConvertToVector512Double(k);
        t1 += (t0 + Vector512.Create(unchecked(LimbMask - (1 * LowBias + 0 * HighBias)))) >>> LimbBits;
        HighProduct(kd, m0, ref t1);
        LowProduct(k, M.M1, ref t1);
        HighProduct(kd, m1, ref t2);
        LowProduct(k, M.M2, ref t2);
        HighProduct(kd, m2, ref t3);
        LowProduct(k, M.M3, ref t3);
        HighProduct(kd, m3, ref t4);
        LowProduct(k, M.M4, ref t4);
        HighProduct(kd, m4, ref t5);
        // Round 1: t += a·b1·2^52, then make column 1 a multiple of 2^52 with k·m and carry it.
        bi = Avx512DQ.ConvertToVector512Double(b.L1);
        Product(a0, bi, ref t1, ref t2);
        Product(a1, bi, ref t2, ref t3);
        Product(a2, bi, ref t3, ref t4);
        Product(a3, bi, ref t4, ref t5);
        Product(a4, bi, ref t5, ref t6);
        k = Avx512DQ.MultiplyLow(t1, nInv) & mask;
        kd = Avx512DQ.ConvertToVector512Double(k);
        t2 += (t1 + Vector512.Create(unchecked(LimbMask - (2 * LowBias + 2 * HighBias)))) >>> LimbBits;
        HighProduct(kd, m0, ref t2);
        LowProduct(k, M.M1, ref t2);
        HighProduct(kd, m1, ref t3);
        LowProduct(k, M.M2, ref t3);
        HighProduct(kd, m2, ref t4);
        LowProduct(k, M.M3, ref t4);
        HighProduct(kd, m3, ref t5);
        LowProduct(k, M.M4, ref t5);
        HighProduct(kd, m4, ref t6);
        // Round 2: t += a·b2·2^104, then make column 2 a multiple of 2^52 with k·m and carry it.
        bi = Avx512DQ.ConvertToVector512Double(b.L2);
        Product(a0, bi, ref t2, ref t3);
        Product(a1, bi, ref t3, ref t4);
        Product(a2, bi, ref t4, ref t5);
        Product(a3, bi, ref t5, ref t6);
        Product(a4, bi, ref t6, ref t7);
        k = Avx512DQ.MultiplyLow(t2, nInv) & mask;
        kd = Avx512DQ.ConvertToVector512Double(k);
        t3 += (t2 + Vector512.Create(unchecked(LimbMask - (3 * LowBias + 4 * HighBias)))) >>> LimbBits;
        HighProduct(kd, m0, ref t3);
        LowProduct(k, M.M1, ref t3);
        HighProduct(kd, m1, ref t4);
        LowProduct(k, M.M2, ref t4);
        HighProduct(kd, m2, ref t5);
        LowProduct(k, M.M3, ref t5);
        HighProduct(kd, m3, ref t6);
        LowProduct(k, M.M4, ref t6);
        HighProduct(kd, m4, ref t7);
        // Round 3: t += a·b3·2^156, then make column 3 a multiple of 2^52 with k·m and carry it.
        bi = Avx512DQ.ConvertToVector512Double(b.L3);
        Product(a0, bi, ref t3, ref t4);
        Product(a1, bi, ref t4, ref t5);
        Product(a2, bi, ref t5, ref t6);
        Product(a3, bi, ref t6, ref t7);
        Product(a4, bi, ref t7, ref t8);
        k = Avx512DQ.MultiplyLow(t3, nInv) & mask;
        kd = Avx512DQ.ConvertToVector512Double(k);
        t4 += (t3 + Vector512.Create(unchecked(LimbMask - (4 * LowBias + 6 * HighBias)))) >>> LimbBits;
        HighProduct(kd, m0, ref t4);
        LowProduct(k, M.M1, ref t4);
        HighProduct(kd, m1, ref t5);
        LowProduct(k, M.M2, ref t5);
        HighProduct(kd, m2, ref t6);
        LowProduct(k, M.M3, ref t6);
        HighProduct(kd, m3, ref t7);
        LowProduct(k, M.M4, ref t7);
        HighProduct(kd, m4, ref t8);
        // Round 4: t += a·b4·2^208, then clear the last 48 bits of the 256 with k·m.
        bi = Avx512DQ.ConvertToVector512Double(b.L4);
        Product(a0, bi, ref t4, ref t5);
        Product(a1, bi, ref t5, ref t6);
        Product(a2, bi, ref t6, ref t7);
        Product(a3, bi, ref t7, ref t8);
        Product(a4, bi, ref t8, ref t9);
        k = Avx512DQ.MultiplyLow(t4, nInv) & Vector512.Create((1UL << 48) - 1);
        kd = Avx512DQ.ConvertToVector512Double(k);
        Product(kd, m0, ref t4, ref t5);
        Product(kd, m1, ref t5, ref t6);
        Product(kd, m2, ref t6, ref t7);
        Product(kd, m3, ref t7, ref t8);
        Product(kd, m4, ref t8, ref t9);
        // Columns 4..9 hold the result times 2^48: take their biases away, normalise them, then shift down by 48 bits.
        t4 -= Vector512.Create(unchecked(6 * LowBias + 8 * HighBias));
        t5 -= Vector512.Create(unchecked(5 * LowBias + 10 * HighBias));
        t6 -= Vector512.Create(unchecked(4 * LowBias + 8 * HighBias));
        t7 -= Vector512.Create(unchecked(3 * LowBias + 6 * HighBias));
        t8 -= Vector512.Create(unchecked(2 * LowBias + 4 * HighBias));
        t9 -= Vector512.Create(unchecked(0 * LowBias + 2 * HighBias));
        t5 += t4 >>> LimbBits;
        t4 &= mask;
        t6 += t5 >>> LimbBits;
        t5 &= mask;
        t7 += t6 >>> LimbBits;
        t6 &= mask;
        t8 += t7 >>> LimbBits;
        t7 &= mask;
        t9 += t8 >>> LimbBits;
        t8 &= mask;
        r = ReduceOnce(new MontgomeryLanes<M>(
            (t4 >>> 48) | ((t5 << 4) & mask),
            (t5 >>> 48) | ((t6 << 4) & mask),
            (t6 >>> 48) | ((t7 << 4) & mask),
            (t7 >>> 48) | ((t8 << 4) & mask),
            (t8 >>> 48) | (t9 << 4)),
            mask);
    }
}
